# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    lot_numbering_rule_id = fields.Many2one(
        "stock.lot.numbering.rule",
        string="Lot/Serial Numbering",
        help="Numbering of new lots/serials of the products of this category (and of its "
        "sub-categories) that have no rule of their own.",
    )
    quarantine_on_receipt = fields.Boolean(
        help="Positive release: lots of the products of this category (and of its "
        "sub-categories) received from a supplier enter in quarantine, awaiting release.",
    )

    # supply-chain traceability
    food_traceability_list = fields.Boolean(
        help="The products of this category (and of its sub-categories) are foods on FDA's "
        "Food Traceability List: FSMA 204 records are kept for their lots.",
    )
    is_food_traceability = fields.Boolean(
        string="On the Food Traceability List",
        compute="_compute_is_food_traceability",
        store=True,
        recursive=True,
        help="Set on this category or on a parent category.",
    )

    @api.depends("food_traceability_list", "parent_id.is_food_traceability")
    def _compute_is_food_traceability(self):
        for category in self:
            category.is_food_traceability = (
                category.food_traceability_list or category.parent_id.is_food_traceability
            )
