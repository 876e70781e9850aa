# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class StockLotBuildLine(models.TransientModel):
    _name = "stock.lot.build.line"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Component Scanned into a Build"
    _order = "unit, sequence, id"
    _check_company_auto = True

    build_id = fields.Many2one("stock.lot.build", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="build_id.company_id")
    unit = fields.Integer(default=1, required=True)
    sequence = fields.Integer(default=10)
    bom_line_id = fields.Many2one("mrp.bom.line", string="List Line")
    trace_slot = fields.Char(related="bom_line_id.trace_slot", string="Slot")
    product_id = fields.Many2one(
        "product.product",
        string="Component",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    product_tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(digits="Product Unit of Measure")
    expected_qty = fields.Float(string="On List", digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", string="Unit of Measure", required=True)
    expiration_date = fields.Datetime(
        compute="_compute_expiration_date", store=True, readonly=False
    )

    @api.depends("lot_id")
    def _compute_expiration_date(self):
        for line in self:
            line.expiration_date = line.lot_id.expiration_date

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if (
            self.product_id
            and self.product_uom_id.category_id != self.product_id.uom_id.category_id
        ):
            self.product_uom_id = self.product_id.uom_id

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and self.product_id.tracking == "serial":
            self.quantity = 1.0

    def _get_trace_label(self):
        """How messages name the line: its slot or component, its unit when several."""
        self.ensure_one()
        what = self.trace_slot or self.product_id.display_name
        build = self.build_id
        if build and build.product_id.tracking == "serial" and build._get_unit_count() > 1:
            return self.env._("Unit %(unit)s, %(what)s", unit=self.unit, what=what)
        return what
