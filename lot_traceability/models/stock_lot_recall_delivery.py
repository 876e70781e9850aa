# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_round


class StockLotRecallDelivery(models.Model):
    _name = "stock.lot.recall.delivery"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Delivery"
    _order = "recall_id, date, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    customer_id = fields.Many2one(
        "stock.lot.recall.customer",
        string="Recall Customer",
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(related="customer_id.partner_id", string="Customer", store=True)
    address_id = fields.Many2one("res.partner", string="Delivery Address", readonly=True)
    date = fields.Datetime(readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Document", readonly=True)
    move_line_id = fields.Many2one("stock.move.line", readonly=True, ondelete="set null")
    quantity = fields.Float(
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered quantity; negative for a customer return.",
    )
    is_return = fields.Boolean(compute="_compute_is_return")

    @api.depends("quantity")
    def _compute_is_return(self):
        for line in self:
            line.is_return = line.quantity < 0

    def _format_quantities(self):
        """'12 Units, 3.5 kg': the net quantity of self per unit of measure."""
        totals = defaultdict(float)
        for line in self:
            totals[line.uom_id] += line.quantity
        return ", ".join(
            f"{float_round(qty, precision_rounding=uom.rounding or 0.01):g} {uom.name}"
            for uom, qty in totals.items()
        )
