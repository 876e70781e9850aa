# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields, models


class StockLotRecallShipment(models.Model):
    _name = "stock.lot.recall.shipment"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Shipment to Stop"
    _order = "recall_id, date, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    move_line_id = fields.Many2one(
        "stock.move.line", readonly=True, ondelete="set null", index="btree_not_null"
    )
    picking_id = fields.Many2one("stock.picking", string="Document", readonly=True)
    address_id = fields.Many2one("res.partner", string="Delivery Address", readonly=True)
    date = fields.Datetime(string="Scheduled", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True, aggregator=None)
    stopped_date = fields.Datetime(string="Stopped On", readonly=True)
