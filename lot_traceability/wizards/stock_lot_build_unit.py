# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockLotBuildUnit(models.TransientModel):
    _name = "stock.lot.build.unit"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Unit Built from Scanned Components"
    _order = "unit"

    build_id = fields.Many2one("stock.lot.build", required=True, ondelete="cascade")
    unit = fields.Integer(default=1, required=True)
    lot_name = fields.Char(string="Lot/Serial Number")
    product_qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
