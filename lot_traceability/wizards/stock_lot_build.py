# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The build wizard (scan-to-build): its fields, the units and lines proposed from the
composition list, the defaults. Its other seams are ``_inherit`` files beside it:
``stock_lot_build_scan.py`` (scans), ``stock_lot_build_validate.py`` (the issues, at their
levels) and ``stock_lot_build_production.py`` (confirm: the manufacturing orders); its units and
lines are ``stock_lot_build_unit.py`` and ``stock_lot_build_line.py``."""

import math

from odoo import Command, api, fields, models
from odoo.tools import float_round

from ..tools.numeric import MAX_COUNT, check_number

# Levels of a build issue: refused at confirm and shown live, refused at confirm only (an open
# line still to scan: the form shows it empty already), warned (confirm with "Build anyway").
REFUSE, TODO, WARN = "refuse", "todo", "warn"


class StockLotBuild(models.TransientModel):
    """Build an assembly or a batch from scanned component lots and serials.

    The lines come from the product's composition list (a bill of materials) scaled to the
    quantity, or from the scans themselves (on-the-fly mode, no list). Confirming validates
    everything first, then produces each unit through a done manufacturing order that consumes
    exactly the scanned lots and quantities.
    """

    _name = "stock.lot.build"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Build from Scanned Components"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    product_tracking = fields.Selection(related="product_id.tracking")
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Composition List",
        compute="_compute_bom_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type', '=', 'normal'), '|', ('product_id', '=', product_id), "
        "'&', ('product_id', '=', False), ('product_tmpl_id', '=', product_tmpl_id)]",
        help="Leave empty to build on the fly: each scan adds a component line.",
    )
    product_qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        compute="_compute_product_qty",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        precompute=True,
    )
    picking_type_id = fields.Many2one(
        "stock.picking.type",
        string="Operation Type",
        compute="_compute_picking_type_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('code', '=', 'mrp_operation'), ('company_id', '=', company_id)]",
    )
    location_src_id = fields.Many2one(
        "stock.location",
        string="Components From",
        compute="_compute_locations",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
    )
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Finished Goods To",
        compute="_compute_locations",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
    )
    unit_ids = fields.One2many(
        "stock.lot.build.unit",
        "build_id",
        string="Finished Lots/Serials",
        compute="_compute_unit_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    line_ids = fields.One2many(
        "stock.lot.build.line",
        "build_id",
        string="Components",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    current_unit = fields.Integer(
        default=1, help="The unit the next scan of a component goes to when no line awaits it."
    )
    scan_code = fields.Char(
        string="Scan",
        store=False,
        help="Scan or type a lot/serial number, a GS1 barcode or a product barcode.",
    )
    scan_feedback = fields.Char(readonly=True)
    scan_refused = fields.Boolean(
        readonly=True,
        help="The last scan was refused: its message is shown in place of the feedback.",
    )
    issue_refusals = fields.Text(compute="_compute_issues")
    issue_warnings = fields.Text(compute="_compute_issues")
    has_warnings = fields.Boolean(compute="_compute_issues")

    # ------------------------------------------------------------------ computes

    @api.depends("product_id", "company_id")
    def _compute_bom_id(self):
        for build in self:
            if build.bom_id and build.bom_id.product_tmpl_id == build.product_tmpl_id:
                continue
            build.bom_id = (
                self.env["mrp.bom"]._bom_find(
                    build.product_id, company_id=build.company_id.id, bom_type="normal"
                )[build.product_id]
                if build.product_id
                else False
            )

    @api.depends("bom_id", "product_id")
    def _compute_product_qty(self):
        for build in self:
            if build.product_id.tracking == "serial" or not build.bom_id:
                build.product_qty = build.product_qty or 1.0
            else:
                build.product_qty = build.bom_id.product_qty

    @api.depends("bom_id", "product_id")
    def _compute_product_uom_id(self):
        for build in self:
            if build.product_id.tracking == "serial" or not build.bom_id:
                build.product_uom_id = build.product_id.uom_id
            else:
                build.product_uom_id = build.bom_id.product_uom_id

    @api.depends("bom_id", "company_id")
    def _compute_picking_type_id(self):
        for build in self:
            build.picking_type_id = build.bom_id.picking_type_id or self.env[
                "stock.picking.type"
            ].browse(self.env["mrp.production"]._get_default_picking_type_id(build.company_id.id))

    @api.depends("picking_type_id")
    def _compute_locations(self):
        for build in self:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", build.company_id.id)], limit=1
            )
            picking_type = build.picking_type_id
            build.location_src_id = (
                picking_type.default_location_src_id
                if picking_type.default_location_src_id.usage == "internal"
                else warehouse.lot_stock_id
            )
            build.location_dest_id = (
                picking_type.default_location_dest_id
                if picking_type.default_location_dest_id.usage == "internal"
                else warehouse.lot_stock_id
            )

    @api.depends("product_id", "product_qty")
    def _compute_unit_ids(self):
        for build in self:
            build.unit_ids = [Command.clear()] + [
                Command.create(vals) for vals in build._prepare_unit_vals_list()
            ]

    @api.depends("bom_id", "product_id", "product_qty")
    def _compute_line_ids(self):
        for build in self:
            build.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in build._prepare_line_vals_list()
            ]

    @api.depends(
        "product_id",
        "product_qty",
        "bom_id",
        "location_src_id",
        "unit_ids.lot_name",
        "line_ids.product_id",
        "line_ids.lot_id",
        "line_ids.quantity",
        "line_ids.product_uom_id",
        "line_ids.expiration_date",
    )
    def _compute_issues(self):
        for build in self:
            issues = build._get_build_issues() if build.product_id else []
            build.issue_refusals = "\n".join(
                issue["message"] for issue in issues if issue["level"] == REFUSE
            )
            warnings = [issue["message"] for issue in issues if issue["level"] == WARN]
            build.issue_warnings = "\n".join(warnings)
            build.has_warnings = bool(warnings)

    # ------------------------------------------------------------------ defaults

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        values.update(self._get_default_values_from_context())
        return values

    @api.model
    def _get_default_values_from_context(self):
        """Defaults when the wizard is opened from a product or a composition list."""
        model = self.env.context.get("active_model")
        record_id = self.env.context.get("active_id")
        if not model or not record_id:
            return {}
        record = self.env[model].browse(record_id)
        if model == "mrp.bom":
            return {
                "bom_id": record.id,
                "product_id": (record.product_id or record.product_tmpl_id.product_variant_id).id,
            }
        if model == "product.template":
            return {"product_id": record.product_variant_id.id}
        if model == "product.product":
            return {"product_id": record.id}
        return {}

    def _get_unit_count(self):
        self.ensure_one()
        if self.product_id.tracking != "serial":
            return 1
        # serials are built one per unit: a count, checked before lines are made for it
        quantity = check_number(
            self.env, self.product_qty, self.env._("Quantity"), minimum=None, maximum=MAX_COUNT
        )
        return max(int(float_round(quantity, precision_digits=0)), 1)

    def _prepare_unit_vals_list(self):
        """One unit per serial to build, a single one for a lot or an untracked product."""
        self.ensure_one()
        if not self.product_id:
            return []
        count = self._get_unit_count()
        names = [False] * count
        if self.product_id.tracking != "none":
            # proposed on every change of product or quantity: peek, the number is taken
            # when the finished lot is created
            names = self.product_id._propose_lot_names(
                count=count, values={"company": self.company_id}, peek=True
            )
        qty = 1.0 if self.product_id.tracking == "serial" else self.product_qty
        return [
            {"unit": index + 1, "lot_name": name, "product_qty": qty}
            for index, name in enumerate(names)
        ]

    def _prepare_line_vals_list(self):
        """The composition list exploded for one unit and scaled to its quantity, repeated
        for each unit; a serialized component gets one line per serial."""
        self.ensure_one()
        if not self.bom_id or not self.product_id:
            return []
        bom = self.bom_id
        count = self._get_unit_count()
        unit_qty = self.product_qty / count if count else 0.0
        unit_uom = self.product_uom_id or self.product_id.uom_id
        factor = unit_uom._compute_quantity(unit_qty, bom.product_uom_id) / bom.product_qty
        _boms, exploded = bom.explode(self.product_id, factor, picking_type=bom.picking_type_id)
        vals_list = []
        for unit in range(1, count + 1):
            for bom_line, line_data in exploded:
                if bom_line.child_bom_id.type == "phantom" or bom_line.product_id.type != "consu":
                    continue
                vals_list += self._prepare_line_vals_from_bom_line(unit, bom_line, line_data["qty"])
        return vals_list

    def _prepare_line_vals_from_bom_line(self, unit, bom_line, qty):
        product = bom_line.product_id
        base = {
            "unit": unit,
            "sequence": bom_line.sequence,
            "bom_line_id": bom_line.id,
            "product_id": product.id,
            "product_uom_id": bom_line.product_uom_id.id,
        }
        if product.tracking == "serial":
            serial_qty = bom_line.product_uom_id._compute_quantity(qty, product.uom_id)
            count = max(math.ceil(float_round(serial_qty, precision_digits=6)), 1)
            return [
                dict(base, product_uom_id=product.uom_id.id, expected_qty=1.0, quantity=0.0)
                for _index in range(count)
            ]
        untracked_qty = qty if product.tracking == "none" else 0.0
        return [dict(base, expected_qty=qty, quantity=untracked_qty)]

    def _sorted_lines(self):
        return self.line_ids.sorted(lambda line: (line.unit, line.sequence))

    def _sorted_units(self):
        return self.unit_ids.sorted(lambda unit: unit.unit)
