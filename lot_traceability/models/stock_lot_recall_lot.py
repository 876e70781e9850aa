# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.tools import float_is_zero, float_round


class StockLotRecallLot(models.Model):
    _name = "stock.lot.recall.lot"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Affected Lot"
    _order = "recall_id, depth, id"
    # Written once by the recall's Open/Recompute (a hub's recall: 30,000-50,000 rows), whose
    # date and author are the recall's milestones and chatter: no magic columns (two foreign
    # keys checked per row less). See ``stock.lot.recall.delivery``.
    _log_access = False

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    depth = fields.Integer(
        readonly=True, help="0 for a suspect lot, 1 for what was made from it, and so on."
    )
    suspect_lot_id = fields.Many2one(
        "stock.lot", string="From Suspect Lot", readonly=True, help="The suspect lot it comes from."
    )
    trace_status = fields.Selection(related="lot_id.trace_status")
    # Quantities in each lot's own unit: never summed when the lines are grouped.
    qty_in = fields.Float(
        string="Received / Produced",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Done quantity that entered the company's stock: received from suppliers, "
        "produced, or found by an inventory adjustment.",
    )
    qty_consumed = fields.Float(
        string="Consumed",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Consumed by manufacturing orders (into other lots).",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered to customers, net of customer returns.",
    )
    qty_returned = fields.Float(
        string="Returned to Suppliers",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
    )
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_scrapped = fields.Float(
        string="Scrapped", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_inventory_loss = fields.Float(
        string="Inventory Losses",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
        help="Written off by inventory adjustments (counted less than on hand): part of the "
        "unaccounted quantity, its fate is unknown. Only Traceability managers can write off "
        "a lot on hold.",
    )
    qty_unaccounted = fields.Float(
        string="Unaccounted",
        digits="Product Unit of Measure",
        aggregator=None,
        compute="_compute_qty_unaccounted",
        store=True,
        help="Mass balance: received / produced minus consumed, delivered, returned, on hand "
        "and scrapped. Anything but zero is stock whose fate is unknown (lost, in transit, "
        "found without a receipt).",
    )
    is_unaccounted = fields.Boolean(compute="_compute_qty_unaccounted", store=True)

    @api.depends(
        "qty_in", "qty_consumed", "qty_delivered", "qty_returned", "qty_on_hand", "qty_scrapped"
    )
    def _compute_qty_unaccounted(self):
        for line in self:
            rounding = line.lot_id.product_id.uom_id.rounding or 0.01
            unaccounted = float_round(
                line.qty_in
                - line.qty_consumed
                - line.qty_delivered
                - line.qty_returned
                - line.qty_on_hand
                - line.qty_scrapped,
                precision_rounding=rounding,
            )
            line.qty_unaccounted = unaccounted
            line.is_unaccounted = not float_is_zero(unaccounted, precision_rounding=rounding)
