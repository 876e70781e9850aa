# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models

from ..orm_bypass.unchecked_link import UncheckedMany2one


class StockLotRecallOnhand(models.Model):
    _name = "stock.lot.recall.onhand"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall On-Hand Quantity"
    _order = "recall_id, lot_id, id"
    # Written by the recall's Open/Recompute (a hub's recall: 20,000 rows), held by its Hold
    # Stock, whose dates and authors are the recall's milestones, ``held_date`` and chatter: no
    # magic columns, and no foreign key constraint (``orm_bypass/unchecked_link.py``: seven
    # checks per row): the recall and lot are done by their ``unlink``; the product, location
    # and company are the lot's, its quant's and the recall's, which cannot be deleted while
    # the line exists (done moves reach them, a recall's company is required).
    _log_access = False

    recall_id = UncheckedMany2one()
    company_id = UncheckedMany2one()
    lot_id = UncheckedMany2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = UncheckedMany2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    location_id = UncheckedMany2one("stock.location", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True, aggregator=None)
    held_date = fields.Datetime(string="Held On", readonly=True)
    trace_status = fields.Selection(related="lot_id.trace_status")
    held = fields.Boolean(
        compute="_compute_held",
        help="Held by the recall's Hold Stock and its lot still not available (or simulated "
        "in a mock recall).",
    )

    @api.depends("held_date", "lot_id.trace_status", "recall_id.is_exercise")
    def _compute_held(self):
        for onhand in self:
            onhand.held = bool(onhand.held_date) and (
                onhand.recall_id.is_exercise or onhand.lot_id.trace_status != "available"
            )
