# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class StockLotTraceLine(models.TransientModel):
    _name = "stock.lot.trace.line"
    _description = "Lot Trace Line"
    _order = "trace_id, sequence"

    trace_id = fields.Many2one("stock.lot.trace", required=True, ondelete="cascade")
    sequence = fields.Integer()
    direction = fields.Selection(
        [("upstream", "Upstream"), ("start", "Traced Lot"), ("downstream", "Downstream")]
    )
    depth = fields.Integer()
    level = fields.Char()
    line_type = fields.Selection(
        [
            ("lot", "Lot"),
            ("delivery", "Delivery"),
            ("return", "Customer Return"),
            ("to_stop", "Shipment to Stop"),
        ],
        string="Type",
    )
    name = fields.Char(string="Lot / Event")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number")
    product_id = fields.Many2one("product.product")
    quantity = fields.Float(digits="Product Unit of Measure")
    uom_id = fields.Many2one("uom.uom", string="Unit")
    on_hand = fields.Float(digits="Product Unit of Measure")
    date = fields.Datetime()
    link_type = fields.Selection(
        [
            ("production", "Manufacturing"),
            ("unbuild", "Unbuild"),
            ("split", "Split"),
            ("merge", "Merge"),
            ("epcis", "Supplier's EPCIS Event"),
        ],
        string="Link",
    )
    res_model = fields.Char()
    res_id = fields.Integer()
    document = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Delivery Address")
    commercial_partner_id = fields.Many2one("res.partner", string="Customer")
    picking_id = fields.Many2one("stock.picking", string="Transfer")

    @api.model
    def _get_row_fields(self):
        return [
            "direction",
            "depth",
            "level",
            "line_type",
            "name",
            "lot_id",
            "product_id",
            "quantity",
            "uom_id",
            "on_hand",
            "date",
            "link_type",
            "res_model",
            "res_id",
            "document",
            "partner_id",
            "commercial_partner_id",
            "picking_id",
        ]

    def action_open_document(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_lot(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.lot",
            "res_id": self.lot_id.id,
            "view_mode": "form",
            "target": "current",
        }
