# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The bulk add wizard (Add Lots/Serials): its fields, defaults (from a product or a receipt),
preview and actions. Reading the list is ``stock_lot_bulk_add_parse.py``; creating the lots and
receiving them, ``stock_lot_bulk_add_receive.py``."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.numeric import MAX_COUNT

# Column separators, by priority: a tab (pasted from a spreadsheet), then ";" then ",".
SEPARATORS = ("\t", ";", ",")
MAX_COLUMNS = 4  # name, quantity, expiration date, production date
PREVIEW_MAX_ERRORS = 100
PREVIEW_MAX_SAMPLE = 5


class StockLotBulkAdd(models.TransientModel):
    """Create many lots or serial numbers at once from a pasted or scanned list, and optionally
    receive them into stock (from a product) or fill a receipt's detailed operations (from a
    receipt), all or nothing."""

    _name = "stock.lot.bulk.add"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Bulk Add Lots/Serial Numbers"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        check_company=True,
        readonly=True,
        domain="[('picking_type_code', '=', 'incoming'), ('state', 'not in', ('done', 'cancel'))]",
    )
    allowed_product_ids = fields.Many2many(
        "product.product", compute="_compute_allowed_product_ids"
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('tracking', '!=', 'none'), ('is_storable', '=', True)]"
        " + ([('id', 'in', allowed_product_ids)] if picking_id else [])",
    )
    tracking = fields.Selection(related="product_id.tracking")
    uom_id = fields.Many2one(related="product_id.uom_id")
    use_expiration_date = fields.Boolean(related="product_id.use_expiration_date")
    input_text = fields.Text(
        string="Lots/Serial Numbers",
        help="One lot or serial number per line, optionally followed by the quantity, the "
        "expiration date and the production date, separated by a tab, ';' or ','. "
        "Dates are written YYYY-MM-DD or in your language's date format.",
    )
    generate_count = fields.Integer(
        string="Number to Generate", default=10, help="How many names the Generate button proposes."
    )
    generate_quantity = fields.Float(
        string="Quantity per Lot",
        digits="Product Unit of Measure",
        default=1.0,
        help="Quantity written after each generated lot name (serial numbers are always 1).",
    )
    receive = fields.Boolean(
        string="Receive into Stock",
        help="Receive the new lots into the location below in one done receipt.",
    )
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Destination Location",
        check_company=True,
        compute="_compute_location_dest_id",
        store=True,
        readonly=False,
        domain="[('usage', '=', 'internal')]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Supplier", help="The supplier of the receipt, if any."
    )
    line_count = fields.Integer(compute="_compute_preview")
    error_count = fields.Integer(compute="_compute_preview")
    preview_html = fields.Html(string="Preview", compute="_compute_preview", sanitize=False)

    @api.model
    def _get_numeric_input_rules(self):
        return {"generate_count": {"minimum": None, "maximum": MAX_COUNT, "integer": True}}

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        active_id = self.env.context.get("active_id")
        if not active_id:
            return res
        if model == "stock.picking":
            picking = self.env["stock.picking"].browse(active_id)
            res.update(self._get_picking_defaults(picking))
        elif model == "product.product" and "product_id" not in res:
            res["product_id"] = active_id
        elif model == "product.template" and "product_id" not in res:
            variants = self.env["product.template"].browse(active_id).product_variant_ids
            if len(variants) == 1:
                res["product_id"] = variants.id
        return res

    @api.model
    def _get_picking_defaults(self, picking):
        if picking.picking_type_code != "incoming" or picking.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "Lots and serial numbers can only be added in bulk to a receipt "
                    "that is not done or cancelled (%(picking)s).",
                    picking=picking.display_name,
                )
            )
        products = self._get_picking_products(picking)
        return {
            "picking_id": picking.id,
            "company_id": picking.company_id.id,
            "partner_id": picking.partner_id.id,
            "product_id": products.id if len(products) == 1 else False,
        }

    @api.model
    def _get_picking_products(self, picking):
        return picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.has_tracking != "none"
        ).product_id

    @api.depends("picking_id")
    def _compute_allowed_product_ids(self):
        for wizard in self:
            wizard.allowed_product_ids = self._get_picking_products(wizard.picking_id)

    @api.depends("picking_id", "company_id")
    def _compute_location_dest_id(self):
        for wizard in self:
            if wizard.picking_id:
                wizard.location_dest_id = wizard.picking_id.location_dest_id
            elif not wizard.location_dest_id:
                warehouse = self.env["stock.warehouse"].search(
                    [("company_id", "=", wizard.company_id.id)], limit=1
                )
                wizard.location_dest_id = warehouse.lot_stock_id

    @api.depends("input_text", "product_id", "receive", "picking_id")
    def _compute_preview(self):
        for wizard in self:
            if not wizard.product_id:
                wizard.line_count = wizard.error_count = 0
                wizard.preview_html = False
                continue
            lines, errors = wizard._parse_input()
            wizard.line_count = len(lines) + len({line_no for line_no, __, __ in errors})
            wizard.error_count = len(errors)
            wizard.preview_html = wizard._render_preview(lines, errors)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate(self):
        """Append ``generate_count`` names proposed by the product's numbering to the list."""
        self.ensure_one()
        if self.generate_count <= 0:
            raise UserError(self.env._("The number of names to generate must be positive."))
        if self.tracking == "lot" and self.generate_quantity <= 0:
            raise UserError(self.env._("The quantity per lot must be positive."))
        names = self.product_id._propose_lot_names(
            self.generate_count, values=self._prepare_propose_values()
        )
        if self.tracking == "lot":
            quantity = self._format_quantity(self.generate_quantity)
            names = [f"{name}\t{quantity}" for name in names]
        existing = (self.input_text or "").rstrip("\n")
        self.input_text = "\n".join(([existing] if existing else []) + names)
        return self._reopen()

    def action_confirm(self):
        """Create the lots (one create for all) and receive them or fill the receipt, all or
        nothing: any malformed line refuses the whole list before anything is written."""
        self.ensure_one()
        lines, errors = self._parse_input()
        if errors:
            raise UserError(self._format_errors(errors))
        if not lines:
            raise UserError(self.env._("The list is empty: paste or generate lot/serial numbers."))
        with self.env.cr.savepoint():
            lots = self._create_lots(lines)
            if self.picking_id:
                self._fill_picking(lots, lines)
            elif self.receive:
                self._receive(lots, lines)
        return self._get_result_action(lots)
