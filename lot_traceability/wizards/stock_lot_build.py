# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round, format_datetime

from ..tools.numeric import MAX_COUNT, check_number

# Levels of a build issue: refused at confirm and shown live, refused at confirm only (an open
# line still to scan: the form shows it empty already), warned (confirm with "Build anyway").
REFUSE, TODO, WARN = "refuse", "todo", "warn"


class LotTraceabilityBuild(models.TransientModel):
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

    # ------------------------------------------------------------------ scanning

    @api.onchange("scan_code")
    def _onchange_scan_code(self):
        code = self.scan_code
        if not code:
            return None
        self.scan_code = False
        # a refused scan is said inline (the screen beeps), not in a dialog the next scan
        # would have to close first
        try:
            self.scan_feedback = self._scan(code)
            self.scan_refused = False
        except UserError as error:
            self.scan_feedback = error.args[0]
            self.scan_refused = True
        return None

    def action_scan(self, code):
        """Apply one scan to the saved wizard (RPC entry point of handheld clients).
        Returns the feedback message; raises UserError naming what is wrong, changing nothing."""
        self.ensure_one()
        self.scan_feedback = self._scan(code)
        self.scan_refused = False
        return self.scan_feedback

    def _scan(self, code):
        """Put the lot/serial designated by ``code`` on the first line awaiting that product
        (the first free slot for a serial), or on a new line. Validates before changing
        anything and returns the feedback message."""
        self.ensure_one()
        parsed = self.env["stock.lot"]._parse_traceability_scan(code)
        product, lot = parsed["product"], parsed["lot"]
        if product and product == self.product_id and parsed["lot_name"]:
            return self._scan_finished(parsed)
        if not lot and parsed["lot_name"]:
            lot = self._find_scanned_lot(parsed["lot_name"], product)
        if not lot:
            product = product or self.env["product.product"].search(
                [("barcode", "=", code.strip())], limit=1
            )
            if product and product.tracking == "none":
                return self._scan_untracked(product, parsed)
            if product:
                raise UserError(
                    self.env._(
                        "Scan %(code)s: lot/serial %(lot)s of %(product)s does not exist. "
                        "Check the label, or receive the lot first.",
                        code=code,
                        lot=parsed["lot_name"],
                        product=product.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "Scan %(code)s: no lot, serial number or product is known by this code. "
                    "Check the label, or receive the lot first.",
                    code=code,
                )
            )
        product = lot.product_id
        expiration = parsed["expiration_date"] or lot.expiration_date
        line = self._get_open_line(product)
        label = line._get_trace_label() if line else product.display_name
        refusal = self._get_lot_refusal(lot, label)
        if refusal:
            raise UserError(refusal)
        if line:
            line.update(
                {
                    "lot_id": lot.id,
                    "quantity": self._get_scanned_quantity(line, lot, parsed),
                    "expiration_date": expiration,
                }
            )
        else:
            line = self._scan_extra_line(lot, parsed, expiration)
        self.current_unit = line.unit
        return self.env._(
            "%(line)s: %(lot)s, %(qty)s %(uom)s",
            line=line._get_trace_label(),
            lot=lot.name,
            qty=line.quantity,
            uom=line.product_uom_id.name,
        )

    def _find_scanned_lot(self, lot_name, product):
        """A lot name may exist for several products: look among the product of the scan or
        the products of the lines."""
        products = product or self.line_ids.product_id
        if not products:
            return self.env["stock.lot"]
        lots = self.env["stock.lot"].search(
            [
                ("name", "=", lot_name),
                ("product_id", "in", products.ids),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        if len(lots) > 1:
            raise UserError(
                self.env._(
                    "Scan %(lot)s: several lots have this name (%(products)s). Scan the GS1"
                    " label, which names the product too.",
                    lot=lot_name,
                    products=", ".join(lots.product_id.mapped("display_name")),
                )
            )
        return lots

    def _scan_finished(self, parsed):
        unit = self._sorted_units().filtered(lambda u: u.unit == self.current_unit)[:1]
        if self.product_id.tracking == "none" or not unit:
            raise UserError(
                self.env._(
                    "Scan %(code)s is the product being built, %(product)s: scan its components.",
                    code=parsed["lot_name"],
                    product=self.product_id.display_name,
                )
            )
        unit.lot_name = parsed["lot_name"]
        return self.env._("Unit %(unit)s: %(lot)s", unit=unit.unit, lot=parsed["lot_name"])

    def _scan_untracked(self, product, parsed):
        qty = parsed["quantity"] or 1.0
        line = self._sorted_lines().filtered(
            lambda line: line.product_id == product and line.unit == self.current_unit
        )[:1]
        if line:
            line.quantity += qty
        else:
            line = self._scan_extra_line(self.env["stock.lot"], parsed, False, product=product)
        return self.env._(
            "%(line)s: %(qty)s %(uom)s",
            line=line._get_trace_label(),
            qty=line.quantity,
            uom=line.product_uom_id.name,
        )

    def _get_open_line(self, product):
        return self._sorted_lines().filtered(
            lambda line: line.product_id == product and not line.lot_id
        )[:1]

    def _get_scanned_quantity(self, line, lot, parsed):
        """Serial: 1. Lot: the quantity of the scan (GS1), else what the list still needs for
        this component and unit, at most what the lot has on hand."""
        if line.product_id.tracking == "serial":
            return 1.0
        if parsed["quantity"]:
            quantity = check_number(
                self.env, parsed["quantity"], self.env._("Scanned quantity"), strict=True
            )
            return line.product_id.uom_id._compute_quantity(quantity, line.product_uom_id)
        siblings = self.line_ids.filtered(
            lambda other: other.unit == line.unit
            and other.product_id == line.product_id
            and other.bom_line_id == line.bom_line_id
        )
        needed = sum(siblings.mapped("expected_qty")) - sum((siblings - line).mapped("quantity"))
        if float_compare(needed, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
            return line.quantity or 1.0
        on_hand = self._get_on_hand(lot)
        if on_hand > 0:
            on_hand = line.product_id.uom_id._compute_quantity(on_hand, line.product_uom_id)
            needed = min(needed, on_hand)
        return needed

    def _scan_extra_line(self, lot, parsed, expiration, product=None):
        product = product or lot.product_id
        same_lot = self.line_ids.filtered(
            lambda line: lot and line.lot_id == lot and line.unit == self.current_unit
        )[:1]
        if same_lot and product.tracking == "lot":
            same_lot.quantity += parsed["quantity"] or 1.0
            return same_lot
        if lot and product.tracking == "serial" and lot in self.line_ids.lot_id:
            other = self.line_ids.filtered(lambda line: line.lot_id == lot)[:1]
            raise UserError(
                self.env._(
                    "Serial %(lot)s is already scanned on %(line)s.",
                    lot=lot.name,
                    line=other._get_trace_label(),
                )
            )
        sibling = self._sorted_lines().filtered(lambda line: line.product_id == product)[-1:]
        if self.bom_id and not sibling and self.bom_id.consumption == "strict":
            raise UserError(
                self.env._(
                    "%(product)s (lot %(lot)s) is not on the composition list %(list)s.",
                    product=product.display_name,
                    lot=lot.name or "-",
                    list=self.bom_id.display_name,
                )
            )
        vals = {
            "build_id": self.id,
            "unit": self.current_unit,
            "sequence": sibling.sequence if sibling else 1000,
            "bom_line_id": sibling.bom_line_id.id,
            "product_id": product.id,
            "product_uom_id": (sibling.product_uom_id or product.uom_id).id,
            "lot_id": lot.id,
            "expiration_date": expiration,
            "expected_qty": 0.0,
            "quantity": 0.0,
        }
        if product.tracking == "serial":
            vals["quantity"] = 1.0
        elif parsed["quantity"]:
            vals["quantity"] = parsed["quantity"]
        if self.id:
            line = self.env["stock.lot.build.line"].create(vals)
        else:
            line = self.env["stock.lot.build.line"].new(vals)
            self.line_ids |= line
        if not vals["quantity"]:
            line.quantity = (sibling and self._get_scanned_quantity(line, lot, parsed)) or 1.0
        return line

    # ------------------------------------------------------------------ validation

    def _sorted_lines(self):
        return self.line_ids.sorted(lambda line: (line.unit, line.sequence))

    def _sorted_units(self):
        return self.unit_ids.sorted(lambda unit: unit.unit)

    def _get_on_hand(self, lot):
        """On hand quantity of ``lot`` (product unit) in the source location and below."""
        return self._get_on_hand_by_lot(lot).get(lot.id, 0.0)

    def _get_on_hand_by_lot(self, lots):
        """``{lot id: on hand quantity}`` (product unit) of ``lots`` in the source location
        and below, in one query."""
        if not lots or not self.location_src_id:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", lots.ids), ("location_id", "child_of", self.location_src_id.id)],
            ["lot_id"],
            ["quantity:sum"],
        )
        return {lot.id: quantity or 0.0 for lot, quantity in groups}

    def _get_lot_refusal(self, lot, label, consumed_serials=None):
        """The refusals that depend on the lot alone (scan time and confirm time).
        ``consumed_serials``: the result of ``_get_consumed_serials`` for lots including
        ``lot``, when the caller checks many lines (else it is read for ``lot``)."""
        refusal = lot._get_trace_status_refusal(self.env._("consumed"))
        if refusal:
            return self.env._("%(line)s: %(refusal)s", line=label, refusal=refusal)
        if lot.product_id.tracking == "serial":
            if consumed_serials is None:
                consumed_serials = self.env["stock.lot.build.record"]._get_consumed_serials(lot)
            production = consumed_serials.get(lot.id)
            if production:
                return self.env._(
                    "%(line)s: serial %(lot)s was already consumed in %(production)s.",
                    line=label,
                    lot=lot.name,
                    production=production.name,
                )
        return False

    def _get_build_issues(self):
        """Every reason not to build, as dicts ``{level, message}``; level ``refuse`` and
        ``todo`` block the build, ``warn`` needs an explicit confirmation."""
        self.ensure_one()
        issues = []

        def add(level, message):
            issues.append({"level": level, "message": message})

        self._check_build_header(add)
        self._check_build_units(add)
        self._check_build_lines(add)
        self._check_build_quantities(add)
        return issues

    def _check_build_header(self, add):
        rounding = self.product_uom_id.rounding or 0.01
        if float_compare(self.product_qty, 0.0, precision_rounding=rounding) <= 0:
            add(REFUSE, self.env._("The quantity to build must be positive."))
        elif self.product_id.tracking == "serial" and not float_is_zero(
            self.product_qty - round(self.product_qty), precision_digits=6
        ):
            add(
                REFUSE,
                self.env._("Serial numbers are built one by one: the quantity must be whole."),
            )
        if not self.location_src_id or not self.location_dest_id:
            add(
                REFUSE,
                self.env._("Choose where the components come from and where the build goes."),
            )
        if not self.line_ids:
            add(TODO, self.env._("Scan the components of the build."))

    def _check_build_units(self, add):
        if self.product_id.tracking == "none":
            return
        names = defaultdict(list)
        for unit in self._sorted_units():
            if not unit.lot_name:
                add(
                    TODO,
                    self.env._(
                        "Unit %(unit)s: enter the lot/serial number to produce.", unit=unit.unit
                    ),
                )
                continue
            names[unit.lot_name].append(unit.unit)
        for name, units in names.items():
            if len(units) > 1 and self.product_id.tracking == "serial":
                add(
                    REFUSE,
                    self.env._(
                        "Serial %(lot)s is given to several units (%(units)s).",
                        lot=name,
                        units=", ".join(map(str, units)),
                    ),
                )
        existing = self.env["stock.lot"].search(
            [
                ("name", "in", list(names)),
                ("product_id", "=", self.product_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        for lot in existing:
            refusal = lot._get_trace_status_refusal(self.env._("produced"))
            if refusal:
                add(REFUSE, refusal)
            elif self.product_id.tracking == "serial" and (
                lot.quant_ids.filtered(lambda quant: quant.quantity > 0)
                or self.env["stock.move.line"].search_count(
                    [("lot_id", "=", lot.id), ("state", "=", "done")], limit=1
                )
            ):
                add(
                    REFUSE,
                    self.env._(
                        "Serial %(lot)s of %(product)s exists already: build with a new one.",
                        lot=lot.name,
                        product=self.product_id.display_name,
                    ),
                )

    def _check_build_lines(self, add):
        needed = defaultdict(float)  # lot -> quantity to consume, product unit
        first_label = {}
        serial_labels = {}
        lines = self._sorted_lines()
        # one query for the serials of every line, not one per line (this runs on every
        # change of the form, through _compute_issues)
        serials = lines.lot_id.filtered(lambda lot: lot.product_id.tracking == "serial")
        consumed_serials = (
            self.env["stock.lot.build.record"]._get_consumed_serials(serials) if serials else {}
        )
        for line in lines:
            label = line._get_trace_label()
            if not self._check_build_line(line, label, add):
                continue
            lot = line.lot_id
            if line.product_id.tracking == "serial":
                if lot in serial_labels:
                    add(
                        REFUSE,
                        self.env._(
                            "%(line)s: serial %(lot)s is already on %(other)s.",
                            line=label,
                            lot=lot.name,
                            other=serial_labels[lot],
                        ),
                    )
                    continue
                serial_labels[lot] = label
            refusal = self._get_lot_refusal(lot, label, consumed_serials)
            if refusal:
                add(REFUSE, refusal)
            self._check_build_line_expiration(line, label, add)
            needed[lot] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
            first_label.setdefault(lot, label)
        on_hand_by_lot = self._get_on_hand_by_lot(
            self.env["stock.lot"].union(*needed) if needed else self.env["stock.lot"]
        )
        for lot, qty in needed.items():
            on_hand = on_hand_by_lot.get(lot.id, 0.0)
            if float_compare(qty, on_hand, precision_rounding=lot.product_id.uom_id.rounding) > 0:
                add(
                    REFUSE,
                    self.env._(
                        "%(line)s: lot %(lot)s has %(on_hand)s %(uom)s on hand in %(location)s, "
                        "%(qty)s %(uom)s scanned.",
                        line=first_label[lot],
                        lot=lot.name,
                        on_hand=on_hand,
                        qty=qty,
                        uom=lot.product_id.uom_id.name,
                        location=self.location_src_id.display_name,
                    ),
                )

    def _check_build_line_product(self, line, label, add):
        """Is the line's component and quantity allowed? False stops checking the line."""
        product = line.product_id
        if product == self.product_id:
            add(REFUSE, self.env._("%(line)s: a product cannot be built from itself.", line=label))
            return False
        level = {"strict": REFUSE, "warning": WARN}.get(self.bom_id.consumption)
        if level and not line.bom_line_id and product not in self.bom_id.bom_line_ids.product_id:
            add(
                level,
                self.env._(
                    "%(line)s: %(product)s (lot %(lot)s) is not on the composition list "
                    "%(list)s.",
                    line=label,
                    product=product.display_name,
                    lot=line.lot_id.name or "-",
                    list=self.bom_id.display_name,
                ),
            )
        rounding = line.product_uom_id.rounding or product.uom_id.rounding
        if float_compare(line.quantity, 0.0, precision_rounding=rounding) < 0:
            add(REFUSE, self.env._("%(line)s: the quantity cannot be negative.", line=label))
            return False
        return True

    def _check_build_line(self, line, label, add):
        """Check one line on its own; return True when it consumes a lot to check further."""
        if not self._check_build_line_product(line, label, add):
            return False
        product = line.product_id
        rounding = line.product_uom_id.rounding or product.uom_id.rounding
        if product.tracking == "none":
            return False
        lot = line.lot_id
        if not lot:
            add(TODO, self.env._("%(line)s: scan the lot/serial number.", line=label))
            return False
        if lot.product_id != product:
            add(
                REFUSE,
                self.env._(
                    "%(line)s: lot %(lot)s is a lot of %(lot_product)s, not of %(product)s.",
                    line=label,
                    lot=lot.name,
                    lot_product=lot.product_id.display_name,
                    product=product.display_name,
                ),
            )
            return False
        if float_is_zero(line.quantity, precision_rounding=rounding):
            add(
                REFUSE,
                self.env._(
                    "%(line)s: enter the quantity of lot %(lot)s.", line=label, lot=lot.name
                ),
            )
            return False
        qty = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
        if product.tracking == "serial" and float_compare(
            qty, 1.0, precision_rounding=product.uom_id.rounding
        ):
            add(
                REFUSE,
                self.env._(
                    "%(line)s: serial %(lot)s counts for exactly one unit.",
                    line=label,
                    lot=lot.name,
                ),
            )
        return True

    def _check_build_line_expiration(self, line, label, add):
        expiration = line.expiration_date or line.lot_id.expiration_date
        if expiration and expiration <= fields.Datetime.now():
            policy = self.company_id.trace_build_expired_policy
            add(
                REFUSE if policy == "refuse" else WARN,
                self.env._(
                    "%(line)s: lot %(lot)s expired on %(date)s.",
                    line=label,
                    lot=line.lot_id.name,
                    date=format_datetime(self.env, expiration, dt_format=False),
                ),
            )

    def _check_build_quantities(self, add):
        """Compare what is scanned with the composition list, per unit and list line."""
        level = {"strict": REFUSE, "warning": WARN}.get(self.bom_id.consumption)
        if not self.bom_id or not level:
            return
        expected = defaultdict(float)  # (unit, bom line) -> quantity in the list line's unit
        for vals in self._prepare_line_vals_list():
            bom_line = self.env["mrp.bom.line"].browse(vals["bom_line_id"])
            uom = self.env["uom.uom"].browse(vals["product_uom_id"])
            expected[vals["unit"], bom_line] += uom._compute_quantity(
                vals["expected_qty"], bom_line.product_uom_id
            )
        scanned = defaultdict(float)
        lots = defaultdict(lambda: self.env["stock.lot"])
        awaiting = set()  # list lines with a lot still to scan: to do, not a difference yet
        for line in self.line_ids.filtered("bom_line_id"):
            key = line.unit, line.bom_line_id
            if line.product_id.tracking != "none" and not line.lot_id:
                awaiting.add(key)
            scanned[key] += line.product_uom_id._compute_quantity(
                line.quantity, line.bom_line_id.product_uom_id
            )
            lots[key] |= line.lot_id
        several_units = self._get_unit_count() > 1
        for key in sorted(set(expected) | set(scanned), key=lambda k: (k[0], k[1].sequence)):
            unit, bom_line = key
            uom = bom_line.product_uom_id
            if key in awaiting:
                continue
            if not float_compare(expected[key], scanned[key], precision_rounding=uom.rounding):
                continue
            what = bom_line.trace_slot or bom_line.product_id.display_name
            if several_units:
                what = self.env._("Unit %(unit)s, %(what)s", unit=unit, what=what)
            add(
                level,
                self.env._(
                    "%(what)s: %(scanned)s %(uom)s scanned (%(lots)s) instead of %(expected)s "
                    "%(uom)s on the composition list.",
                    what=what,
                    scanned=float_round(scanned[key], precision_rounding=uom.rounding),
                    expected=float_round(expected[key], precision_rounding=uom.rounding),
                    uom=uom.name,
                    lots=", ".join(lots[key].mapped("name")) or self.env._("no lot"),
                ),
            )

    # ------------------------------------------------------------------ confirm

    def action_confirm(self):
        """Build, refusing when there is any warning left to confirm."""
        return self._action_build(accept_warnings=False)

    def action_confirm_anyway(self):
        """Build after the user has read and accepted the warnings."""
        return self._action_build(accept_warnings=True)

    def _action_build(self, accept_warnings):
        self.ensure_one()
        issues = self._get_build_issues()
        refusals = [issue["message"] for issue in issues if issue["level"] in (REFUSE, TODO)]
        if refusals:
            raise UserError(
                self.env._("Nothing was built:\n%(refusals)s", refusals="\n".join(refusals))
            )
        warnings = [issue["message"] for issue in issues if issue["level"] == WARN]
        if warnings and not accept_warnings:
            raise UserError(
                self.env._(
                    "Nothing was built. Read these warnings, then press Build Anyway:\n"
                    "%(warnings)s",
                    warnings="\n".join(warnings),
                )
            )
        with self.env.cr.savepoint():
            productions = self._build_as_superuser()
        return self._get_build_result_action(productions.with_env(self.env))

    def _build_as_superuser(self):
        """:meth:`_build` in superuser mode, once the wizard's checks (which ran with the
        user's rights: lots, stock, companies) found nothing to refuse. Traceability users
        build without being Manufacturing users: they only read bills of materials and
        manufacturing orders, the orders the build needs are created and done here.
        ``sudo()`` keeps the user as the environment's user: the orders, lots and moves are
        created by them (creator, chatter), with the wizard's company."""
        return self.sudo().with_company(self.company_id)._build()

    def _build(self):
        """Create, fill and mark done one manufacturing order per unit, in batch."""
        units = self._sorted_units()
        lines_by_unit = [
            self._sorted_lines().filtered(lambda line, unit=unit: line.unit == unit.unit)
            for unit in units
        ]
        productions = self.env["mrp.production"].create(
            [self._prepare_production_vals(unit) for unit in units]
        )
        for production, lines in zip(productions, lines_by_unit, strict=True):
            self._add_extra_moves(production, lines)
        productions.action_confirm()
        productions.do_unreserve()
        move_line_vals = []
        for production, unit, lines in zip(productions, units, lines_by_unit, strict=True):
            move_line_vals += self._fill_production(production, unit, lines)
        self.env["stock.move.line"].create(move_line_vals)
        for production in productions:
            production._set_qty_producing(False)
        productions.with_context(
            skip_consumption=True,
            skip_expired=True,
            skip_backorder=True,
            skip_redirection=True,
        ).button_mark_done()
        not_done = productions.filtered(lambda production: production.state != "done")
        if not_done:
            raise UserError(
                self.env._(
                    "The manufacturing orders %(names)s could not be done.",
                    names=", ".join(not_done.mapped("name")),
                )
            )
        # The one-level build record on lots is computed from the move lines just linked.
        self.env["stock.lot"].invalidate_model(
            ["trace_component_line_ids", "trace_used_in_line_ids"]
        )
        return productions

    def _get_extra_lines(self, production, lines):
        """Lines that no move of the order's composition list takes: on-the-fly mode,
        components off the list."""
        return lines.filtered(
            lambda line: not line.bom_line_id or line.bom_line_id.bom_id != production.bom_id
        )

    def _add_extra_moves(self, production, lines):
        extra_moves = defaultdict(float)
        for line in self._get_extra_lines(production, lines):
            extra_moves[line.product_id] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
        if extra_moves:
            production.move_raw_ids = [
                Command.create(production._get_move_raw_values(product, qty, product.uom_id))
                for product, qty in extra_moves.items()
            ]

    def _fill_production(self, production, unit, lines):
        """Set the finished lot of the confirmed order and mark its component moves picked;
        return the values of the move lines consuming exactly the scanned lots."""
        lot = self._get_or_create_finished_lot(unit)
        production.write({"lot_producing_id": lot.id, "qty_producing": production.product_qty})
        extra_lines = self._get_extra_lines(production, lines)
        move_line_vals = []
        for move in production.move_raw_ids:
            move_lines = (
                lines.filtered(lambda line, move=move: line.bom_line_id == move.bom_line_id)
                if move.bom_line_id
                else extra_lines.filtered(
                    lambda line, move=move: line.product_id == move.product_id
                )
            )
            for line in move_lines:
                move_line_vals += self._prepare_move_line_vals(move, line)
            move.write({"manual_consumption": True, "picked": bool(move_lines)})
        return move_line_vals

    def _prepare_production_vals(self, unit):
        self.ensure_one()
        serial = self.product_id.tracking == "serial"
        return {
            "product_id": self.product_id.id,
            "bom_id": self.bom_id.id,
            "product_qty": unit.product_qty,
            "product_uom_id": (self.product_id.uom_id if serial else self.product_uom_id).id,
            "picking_type_id": self.picking_type_id.id,
            "location_src_id": self.location_src_id.id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "origin": self.env._("Build"),
        }

    def _get_or_create_finished_lot(self, unit):
        if self.product_id.tracking == "none":
            return self.env["stock.lot"]
        lot = self.env["stock.lot"].search(
            [
                ("name", "=", unit.lot_name),
                ("product_id", "=", self.product_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        return lot or self.env["stock.lot"].create(
            {
                "name": unit.lot_name,
                "product_id": self.product_id.id,
                "company_id": self.company_id.id,
                # built today, like a lot made by a manufacturing order
                "production_date": fields.Date.context_today(self),
            }
        )

    def _prepare_move_line_vals(self, move, line):
        """Move lines consuming exactly the scanned quantity of the scanned lot, taken from
        the quants of the source location (and below) that hold it."""
        product = line.product_id
        qty = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
        if not line.lot_id:
            return [move._prepare_move_line_vals(quantity=qty) | {"picked": True}]
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", line.lot_id.id),
                ("location_id", "child_of", self.location_src_id.id),
                ("quantity", ">", 0),
            ],
            order="package_id desc, quantity desc, id",
        )
        vals_list = []
        rounding = product.uom_id.rounding
        for quant in quants:
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                break
            take = min(qty, quant.quantity)
            vals_list.append(
                move._prepare_move_line_vals(quantity=take, reserved_quant=quant) | {"picked": True}
            )
            qty -= take
        return vals_list

    def _get_build_result_action(self, productions):
        lots = productions.lot_producing_id
        if not lots:
            action = self.env["ir.actions.actions"]._for_xml_id("mrp.mrp_production_action")
            action.update(
                {"domain": [("id", "in", productions.ids)], "context": {}, "target": "main"}
            )
            return action
        action = self.env["ir.actions.actions"]._for_xml_id("stock.action_production_lot_form")
        action.update({"context": {}, "target": "main"})
        if len(lots) == 1:
            action.update({"res_id": lots.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", lots.ids)]
        return action


class LotTraceabilityBuildUnit(models.TransientModel):
    _name = "stock.lot.build.unit"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Unit Built from Scanned Components"
    _order = "unit"

    build_id = fields.Many2one("stock.lot.build", required=True, ondelete="cascade")
    unit = fields.Integer(default=1, required=True)
    lot_name = fields.Char(string="Lot/Serial Number")
    product_qty = fields.Float(string="Quantity", digits="Product Unit of Measure")


class LotTraceabilityBuildLine(models.TransientModel):
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
