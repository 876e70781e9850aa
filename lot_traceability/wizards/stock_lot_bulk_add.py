# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.mail.models.mail_thread import MailThread
from odoo.addons.mrp.models.stock_move import StockMoveLine as MrpStockMoveLine
from odoo.addons.stock.models.stock_lot import StockLot as StockLotBase
from odoo.addons.stock.models.stock_move_line import StockMoveLine as StockMoveLineBase
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.stock_lot import StockLot
from ..models.stock_move_line import StockMoveLine
from ..orm_bypass.new_quant_buffer import NewQuantBuffer
from ..orm_bypass.sql_create import flush_uniform, sql_create, sql_create_by_keys
from ..tools.numeric import MAX_COUNT, check_number

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

    # ------------------------------------------------------------------
    # Parsing and validation
    # ------------------------------------------------------------------
    def _parse_input(self):
        """Return ``(lines, errors)``: ``lines`` is a list of dicts (``line_no``, ``name``,
        ``quantity``, ``expiration_date``, ``production_date``) of the valid lines, ``errors`` a
        list of ``(line_no, text, message)`` sorted by line number."""
        self.ensure_one()
        parsed, errors = [], []
        date_formats = self._get_date_formats()
        for line_no, raw in enumerate((self.input_text or "").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                parsed.append(self._parse_line(line_no, raw, date_formats))
            except UserError as error:
                errors.append((line_no, raw, error.args[0]))
        first_line_by_name = {}
        lines = []
        for line in parsed:
            first = first_line_by_name.setdefault(line["name"], line["line_no"])
            if first != line["line_no"]:
                errors.append(
                    (
                        line["line_no"],
                        line["raw"],
                        self.env._("Duplicate of line %(line)s.", line=first),
                    )
                )
            else:
                lines.append(line)
        existing = self._get_existing_names([line["name"] for line in lines])
        valid = []
        for line in lines:
            if line["name"] in existing:
                errors.append(
                    (
                        line["line_no"],
                        line["raw"],
                        self.env._(
                            "%(name)s already exists for %(product)s.",
                            name=line["name"],
                            product=self.product_id.display_name,
                        ),
                    )
                )
            else:
                valid.append(line)
        errors.sort(key=lambda error: error[0])
        return valid, errors

    def _parse_line(self, line_no, raw, date_formats=None):
        """Parse one non-empty line; raise UserError with the reason when it is malformed.
        ``date_formats``: :meth:`_get_date_formats`, given when parsing many lines."""
        date_formats = date_formats or self._get_date_formats()
        separator = next((sep for sep in SEPARATORS if sep in raw), None)
        columns = [col.strip() for col in raw.split(separator)] if separator else [raw.strip()]
        if len(columns) > MAX_COLUMNS:
            raise UserError(
                self.env._(
                    "Too many columns (%(count)s): expected a number, a quantity, an expiration "
                    "date and a production date.",
                    count=len(columns),
                )
            )
        columns += [""] * (MAX_COLUMNS - len(columns))
        name, quantity, expiration, production = columns
        if not name:
            raise UserError(self.env._("The lot/serial number is missing."))
        return {
            "line_no": line_no,
            "raw": raw,
            "name": name,
            "quantity": self._parse_quantity(quantity, separator),
            "expiration_date": self._parse_date(expiration, "expiration", date_formats),
            "production_date": self._parse_date(production, "production", date_formats),
        }

    def _parse_quantity(self, text, separator):
        rounding = self.product_id.uom_id.rounding
        if not text:
            if self.tracking == "serial":
                return 1.0
            if self.receive or self.picking_id:
                raise UserError(self.env._("A quantity is needed to receive this lot."))
            return 0.0
        normalized = text.replace(" ", "")
        if separator != ",":
            normalized = normalized.replace(",", ".")
        try:
            quantity = float(normalized)
        except ValueError:
            raise UserError(self.env._("%(text)s is not a quantity.", text=text)) from None
        check_number(self.env, quantity, self.env._("Quantity"), minimum=None)
        if float_compare(quantity, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(self.env._("The quantity must be positive (%(text)s).", text=text))
        if self.tracking == "serial" and float_compare(quantity, 1.0, precision_rounding=rounding):
            raise UserError(
                self.env._("A serial number's quantity must be 1, not %(text)s.", text=text)
            )
        return quantity

    def _get_date_formats(self):
        formats = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        lang = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US")
        if lang and lang.date_format:
            formats.append(lang.date_format)
        return formats

    def _parse_date(self, text, which, date_formats):
        """Parse the ``which`` date (``"expiration"`` or ``"production"``) of a line."""
        if not text:
            return False
        for date_format in date_formats:
            try:
                return datetime.datetime.strptime(text, date_format)
            except ValueError:
                continue
        label = (
            self.env._("expiration date")
            if which == "expiration"
            else self.env._("production date")
        )
        raise UserError(
            self.env._(
                "%(text)s is not a valid %(label)s (write it YYYY-MM-DD).", text=text, label=label
            )
        )

    def _get_existing_names(self, names):
        """Return the set of ``names`` already used by a lot of the product that would clash with
        a new one (same company or no company), in one query."""
        if not names:
            return set()
        domain = [
            ("product_id", "=", self.product_id.id),
            ("name", "in", names),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        lots = self.env["stock.lot"].sudo().search_fetch(domain, ["name"])
        return set(lots.mapped("name"))

    def _format_errors(self, errors):
        shown = [
            self.env._("Line %(line)s (%(text)s): %(message)s", line=no, text=raw, message=msg)
            for no, raw, msg in errors[:PREVIEW_MAX_ERRORS]
        ]
        if len(errors) > PREVIEW_MAX_ERRORS:
            shown.append(
                self.env._("… and %(count)s more.", count=len(errors) - PREVIEW_MAX_ERRORS)
            )
        return (
            self.env._(
                "Nothing was created: %(count)s line(s) of the list must be fixed first.",
                count=len(errors),
            )
            + "\n"
            + "\n".join(shown)
        )

    def _render_preview(self, lines, errors):
        quantity = sum(line["quantity"] for line in lines)
        if errors:
            summary = self.env._(
                "%(ok)s line(s) ready, %(errors)s to fix: nothing will be created until the list "
                "is clean.",
                ok=len(lines),
                errors=len(errors),
            )
        elif lines:
            summary = self.env._(
                "%(count)s new lot/serial number(s), %(quantity)s %(uom)s in total.",
                count=len(lines),
                quantity=self._format_quantity(quantity),
                uom=self.uom_id.name,
            )
        else:
            return False
        html = Markup('<p class="mb-1 %s">%s</p>') % (
            "text-danger" if errors else "text-success",
            summary,
        )
        rows = errors[:PREVIEW_MAX_ERRORS]
        if rows:
            body = Markup("").join(
                Markup("<tr><td>%s</td><td><code>%s</code></td><td>%s</td></tr>") % (no, raw, msg)
                for no, raw, msg in rows
            )
            html += Markup(
                '<table class="table table-sm o_lt_bulk_errors"><thead><tr><th>%s</th><th>%s</th>'
                "<th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (self.env._("Line"), self.env._("Text"), self.env._("Problem"), body)
            if len(errors) > PREVIEW_MAX_ERRORS:
                html += Markup("<p>%s</p>") % self.env._(
                    "… and %(count)s more.", count=len(errors) - PREVIEW_MAX_ERRORS
                )
        elif lines:
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    line["line_no"],
                    line["name"],
                    self._format_quantity(line["quantity"]),
                    fields.Date.to_string(line["expiration_date"]) or "",
                    fields.Date.to_string(line["production_date"]) or "",
                )
                for line in lines[:PREVIEW_MAX_SAMPLE]
            )
            html += Markup(
                '<table class="table table-sm"><thead><tr><th>%s</th><th>%s</th><th>%s</th>'
                "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Line"),
                self.env._("Number"),
                self.env._("Quantity"),
                self.env._("Expiration"),
                self.env._("Production"),
                body,
            )
        return html

    @api.model
    def _format_quantity(self, quantity):
        return f"{quantity:.6f}".rstrip("0").rstrip(".") if quantity else "0"

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    def _prepare_propose_values(self):
        return {"company": self.company_id}

    def _prepare_lot_vals(self, line):
        vals = {
            "name": line["name"],
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
        }
        if line["expiration_date"]:
            vals["expiration_date"] = line["expiration_date"]
        if line["production_date"]:
            vals["production_date"] = line["production_date"].date()
        if self.partner_id:
            vals["supplier_id"] = self.partner_id.commercial_partner_id.id
        if self.receive and not self.picking_id and self.location_dest_id:
            # Where the lot will be once received, as Odoo computes it from the quants: the
            # recomputation after the receipt then finds it unchanged and the lots are not
            # written again (10,000 rows re-indexed, trigram indexes included). The inverse
            # moves the lot's quants: it has none yet.
            vals["location_id"] = self.location_dest_id.id
        return vals

    def _create_lots(self, lines):
        """Create the lots of ``lines``, in their order: with one INSERT per set of given
        fields (:func:`..orm_bypass.sql_create.sql_create`) when ``create`` would do nothing
        more than ``BaseModel``'s for them (:meth:`_can_insert_lots`), else with the ORM
        create."""
        Lot = self.env["stock.lot"].with_context(tracking_disable=True)
        vals_list = [self._prepare_lot_vals(line) for line in lines]
        if not self._can_insert_lots(Lot, vals_list):
            return Lot.create(vals_list)
        return sql_create_by_keys(Lot, vals_list, skip_classes=self._get_lot_create_skip_classes())

    @api.model
    def _get_lot_create_skip_classes(self):
        """The overrides of ``stock.lot``'s ``create`` that :meth:`_can_insert_lots` vouches
        for: stock's (a check made there, and a context key for mail), mail's (nothing more
        under ``tracking_disable``) and this module's (status and numbering: nothing to do
        for named available lots)."""
        return (StockLotBase, MailThread, StockLot)

    @api.model
    def _can_insert_lots(self, Lot, vals_list):
        """Whether the ``create`` overrides of :meth:`_get_lot_create_skip_classes` would do
        nothing more than ``BaseModel``'s for the lots ``vals_list``: named lots, no status
        given (available), mail tracking disabled. Stock's check that the current transfer
        type lets users create lots is made here."""
        if not Lot.env.context.get("tracking_disable"):
            return False
        if any(not vals.get("name") or "trace_status" in vals for vals in vals_list):
            return False
        product_ids = {vals.get("product_id") for vals in vals_list}
        product_ids.add(Lot.env.context.get("default_product_id"))
        Lot.with_context(lot_product_ids=product_ids)._check_create()
        return True

    def _get_receipt_type(self):
        warehouse = self.location_dest_id.warehouse_id
        picking_type = warehouse.in_type_id
        if not picking_type:
            picking_type = self.env["stock.picking.type"].search(
                [("code", "=", "incoming"), ("company_id", "=", self.company_id.id)], limit=1
            )
        if not picking_type:
            raise UserError(
                self.env._(
                    "No receipt operation type found for %(company)s.",
                    company=self.company_id.name,
                )
            )
        return picking_type

    def _prepare_picking_vals(self, picking_type):
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": (
                picking_type.default_location_src_id
                or self.env.ref("stock.stock_location_suppliers")
            ).id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "origin": self.env._("Bulk add"),
        }

    def _prepare_move_vals(self, picking, quantity):
        return {
            "name": self.product_id.display_name,
            "picking_id": picking.id,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": picking.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "picked": True,
        }

    def _prepare_move_line_vals(self, move, lot, line):
        return {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": self.product_id.id,
            "product_uom_id": self.product_id.uom_id.id,
            "location_id": move.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "lot_id": lot.id,
            "lot_name": lot.name,
            "quantity": line["quantity"],
            "picked": move.picked,
            "company_id": move.company_id.id,
        }

    def _receive(self, lots, lines):
        """Receive ``lots`` into ``location_dest_id`` through one done receipt with one move."""
        if not self.location_dest_id or self.location_dest_id.usage != "internal":
            raise UserError(self.env._("Choose an internal location to receive the lots into."))
        picking_type = self._get_receipt_type()
        picking = self.env["stock.picking"].create(self._prepare_picking_vals(picking_type))
        quantity = sum(line["quantity"] for line in lines)
        move = self.env["stock.move"].create(self._prepare_move_vals(picking, quantity))
        self._create_move_lines(
            move,
            [
                self._prepare_move_line_vals(move, lot, line)
                for lot, line in zip(lots, lines, strict=True)
            ],
        )
        self._validate_receipt(picking, lots)
        return picking

    def _create_move_lines(self, move, vals_list):
        """Create the move lines of ``move``: with one INSERT
        (:func:`..orm_bypass.sql_create.sql_create`) when ``create`` would do nothing more than
        ``BaseModel``'s for them (:meth:`_can_insert_move_lines`), else with the ORM create."""
        MoveLine = self.env["stock.move.line"]
        lines = None
        if self._can_insert_move_lines(move, vals_list):
            lines = sql_create(
                MoveLine,
                vals_list,
                MoveLine._get_sql_create_handlers(),
                skip_classes=(StockMoveLineBase, MrpStockMoveLine, StockMoveLine),
            )
        if lines is None:
            lines = MoveLine.create(vals_list)
        return lines

    @api.model
    def _can_insert_move_lines(self, move, vals_list):
        """Whether ``stock``'s and ``mrp``'s ``create`` of the move lines ``vals_list`` of
        ``move`` would do nothing more than ``BaseModel``'s.

        ``stock``'s ``create`` sets the company and ``picked`` of a line from its move (given
        here), creates a move for a line without one, reserves the quantity of a line whose
        move does not bypass the reservation and updates the quants of a line created done;
        ``mrp``'s maps done component lines to produced lines; this module's checks the holds
        and genealogy links of lines created done or with links. None of that applies to lines
        with their move's company, ``picked`` and no quant, of a move that is not done nor a
        component's, from a location that bypasses the reservation."""
        return (
            move.state != "done"
            and not move.raw_material_production_id
            and move._should_bypass_reservation()
            and all(
                vals.get("move_id") == move.id
                and vals.get("company_id") == move.company_id.id
                and "picked" in vals
                and not vals.get("quant_id")
                for vals in vals_list
            )
        )

    def _validate_receipt(self, picking, lots):
        """Validate the receipt of the new ``lots`` as Odoo does (valuation, push rules), the
        quants of the new lots being created in one batch rather than one per move line."""
        buffer = NewQuantBuffer(self.env, lots)
        picking.with_context(
            cancel_backorder=True, lot_traceability_new_quants=buffer
        )._action_done()
        buffer.create_quants()
        moves = picking.move_ids.filtered(lambda m: m.state == "done")
        moves._check_quantity()
        moves._trigger_assign()
        # the lines all written the same date and state
        flush_uniform(moves.move_line_ids)

    def _fill_picking(self, lots, lines):
        """Write the lots on the receipt's detailed operations for the product."""
        picking = self.picking_id
        if picking.state in ("done", "cancel"):
            raise UserError(
                self.env._("The receipt %(picking)s is already closed.", picking=picking.name)
            )
        move = picking.move_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            raise UserError(
                self.env._(
                    "The receipt %(picking)s has no open move of %(product)s.",
                    picking=picking.name,
                    product=self.product_id.display_name,
                )
            )
        location = self.location_dest_id or move.location_dest_id
        if not location._child_of(move.location_dest_id):
            raise UserError(
                self.env._(
                    "%(location)s is not inside the receipt's destination %(dest)s.",
                    location=location.display_name,
                    dest=move.location_dest_id.display_name,
                )
            )
        # Lines without a lot were proposed by Odoo for the whole demand: replace them.
        commands = [
            Command.unlink(ml.id) for ml in move.move_line_ids if not ml.lot_id and not ml.lot_name
        ]
        for lot, line in zip(lots, lines, strict=True):
            vals = self._prepare_move_line_vals(move, lot, line)
            vals["location_dest_id"] = location.id
            vals.pop("move_id")
            commands.append(Command.create(vals))
        move.write({"move_line_ids": commands})
        return move

    def _get_result_action(self, lots):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_production_lot_form")
        if self.picking_id:
            return {"type": "ir.actions.act_window_close"}
        action["domain"] = [("id", "in", lots.ids)]
        action["context"] = {"search_default_group_by_location": False}
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }
