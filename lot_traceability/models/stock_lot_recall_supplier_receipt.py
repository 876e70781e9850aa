# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockLotRecallSupplierReceipt(models.Model):
    """The supplier side of a recall, one step back: a vendor receipt of a suspect lot or of
    one of its upstream ingredients (what the suspect lots were made of), with the vendor, the
    supplier's lot number and the quantity received. Part of the recall's snapshot."""

    _name = "stock.lot.recall.supplier.receipt"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Supplier Receipt"
    _order = "recall_id, partner_id, date, id"
    _editable_when_closed = ()

    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True, index=True)
    email = fields.Char(related="partner_id.email")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    supplier_lot_name = fields.Char(string="Supplier Lot", readonly=True)
    suspect = fields.Boolean(
        readonly=True, help="A suspect lot itself (otherwise an upstream ingredient of one)."
    )
    quantity = fields.Float(string="Received", digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    date = fields.Datetime(readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Receipt", readonly=True)
    notified_date = fields.Datetime(string="Supplier Notified On", readonly=True)
