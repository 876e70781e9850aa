# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


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
