# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .stock_lot_genealogy import DOWNSTREAM_PARTS

TRACE_STATUSES = [
    ("available", "Available"),
    ("quarantine", "Quarantine"),
    ("blocked", "Blocked"),
    ("recalled", "Recalled"),
]


class ImportBatchRefused(Exception):
    """A batch of imported lots was refused: ``load`` then imports the rows one by one and
    reports each refused row with its own row (see StockLot._load_records)."""


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "stock.lot.cost.mixin"]

    trace_status = fields.Selection(
        TRACE_STATUSES,
        string="Status",
        default="available",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        help="Only available lots can be reserved, delivered to a customer or consumed. "
        "Lots in quarantine, blocked or recalled can still be moved internally.",
    )
    trace_status_reason = fields.Char(
        string="Status Reason",
        tracking=True,
        copy=False,
        help="Why the lot is not available; shown in every refusal.",
    )
    # composition lists and build
    trace_component_line_ids = fields.Many2many(
        "stock.move.line",
        string="Components",
        compute="_compute_trace_build_lines",
        help="Component lots and serials consumed by the manufacturing orders that built this lot.",
    )
    trace_used_in_line_ids = fields.Many2many(
        "stock.move.line",
        string="Used In",
        compute="_compute_trace_build_lines",
        help="Lots and serials built with this lot.",
    )

    # composition lists and build
    def _compute_trace_build_lines(self):
        record = self.env["stock.lot.build.record"]
        real_lots = self.filtered("id")
        components = record._get_component_lines(real_lots)
        used_in = record._get_used_in_lines(real_lots)
        for lot in self:
            lot.trace_component_line_ids = components[lot.id] if lot.id else False
            lot.trace_used_in_line_ids = used_in[lot.id] if lot.id else False

    # lots and serials: attributes (GS1 AI 11 production date, shift, line, supplier, origin)
    production_date = fields.Date(
        index=True,
        help="Date the lot was produced (GS1 AI 11). Filled when a manufacturing order "
        "generates the lot; numbering rules use it for their date tokens.",
    )
    shift = fields.Char(help="Shift (crew) that produced the lot, e.g. A, B or Night.")
    production_line_id = fields.Many2one(
        "stock.lot.production.line",
        string="Production Line",
        index="btree_not_null",
        check_company=True,
        help="Line that produced the lot.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        index="btree_not_null",
        check_company=True,
        help="Who supplied the lot. Filled from the vendor of the receipt that created it.",
    )
    supplier_lot_name = fields.Char(
        string="Supplier Lot",
        index="trigram",
        help="The lot/batch number printed by the supplier, when it differs from ours.",
    )
    origin_country_id = fields.Many2one(
        "res.country", string="Country of Origin", help="Where the goods of the lot come from."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._clean_empty_trace_status(vals)
        if any(vals.get("trace_status", "available") != "available" for vals in vals_list):
            self._check_trace_status_can_change()
        named = [bool(vals.get("name")) for vals in vals_list]
        self._fill_numbering_rule_names(vals_list)
        if self.env.context.get("import_file"):
            self._check_imported_lot_names(vals_list)
        lots = super().create(vals_list)
        lots.browse(
            lot.id for lot, has_name in zip(lots, named, strict=True) if has_name
        )._take_numbering_rule_numbers()
        return lots

    def write(self, vals):
        self._clean_empty_trace_status(vals)
        if "trace_status" in vals:
            releasing = self.filtered(lambda lot: lot.trace_status != "available")
            if vals["trace_status"] == "available" and releasing:
                self._check_trace_status_release()
                releasing._check_release_inspection()
            elif vals["trace_status"] != "available":
                self._check_trace_status_can_change()
        return super().write(vals)

    def _check_trace_status_can_change(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_user"
        ):
            raise AccessError(self.env._("Only Traceability users can put a lot on hold."))

    def _check_trace_status_release(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Traceability managers can release a lot back to available: %(lots)s",
                    lots=", ".join(self.mapped("display_name")),
                )
            )

    def _get_trace_status_refusal(self, operation):
        """Return the message refusing ``operation`` for the first unavailable lot of self,
        or False when every lot is available."""
        blocked = self.filtered(lambda lot: lot.trace_status != "available")[:1]
        if not blocked:
            return False
        status = dict(self._fields["trace_status"]._description_selection(self.env))[
            blocked.trace_status
        ]
        return self.env._(
            "Lot %(lot)s of %(product)s cannot be %(operation)s: its status is %(status)s"
            " (reason: %(reason)s).",
            lot=blocked.name,
            product=blocked.product_id.display_name,
            operation=operation,
            status=status,
            reason=blocked.trace_status_reason or self.env._("none given"),
        )

    def _check_trace_status_available(self, operation):
        """Raise a UserError naming the lot, its status and reason when a lot of self is not
        available. ``operation`` completes "Lot X cannot be …", e.g. _("delivered")."""
        message = self._get_trace_status_refusal(operation)
        if message:
            raise UserError(message)

    def _unreserve_refused_operations(self):
        """Take the lots of self, just put on hold, off the operations that would now refuse
        them (deliveries to a customer, manufacturing consumption: see
        ``stock.move.line._get_trace_status_operation``), reserve other available lots for
        those moves, and say so in the chatter of their transfer or manufacturing order.
        Internal moves keep their reservations: moving a lot on hold stays allowed.
        Returns the moves that lost a reservation."""
        held = self.filtered(lambda lot: lot.trace_status != "available")
        if not held:
            return self.env["stock.move"]
        open_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search([("lot_id", "in", held.ids), ("state", "not in", ("done", "cancel"))])
        )
        refused_ids = []
        refusals = defaultdict(set)
        for line in open_lines:
            operation = line._get_trace_status_operation()
            if not operation:
                continue
            refused_ids.append(line.id)
            document = line.picking_id or line.move_id.raw_material_production_id
            if document:
                refusals[document].add(line.lot_id._get_trace_status_refusal(operation))
        lines = open_lines.browse(refused_ids)
        if not lines:
            return self.env["stock.move"]
        moves = lines.move_id
        lines.unlink()
        moves.filtered(
            lambda move: move.state in ("confirmed", "partially_available", "assigned")
        )._action_assign()
        for document, messages in refusals.items():
            document.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._("Reservation removed, the lot is on hold:"),
                    Markup().join(Markup("<li>%s</li>") % message for message in sorted(messages)),
                )
            )
        return moves

    def action_trace_release(self):
        self.write({"trace_status": "available", "trace_status_reason": False})
        return True

    # lots and serials: numbering rules and import
    @api.model
    def _clean_empty_trace_status(self, vals):
        """An empty status (e.g. an empty cell of an imported file) keeps the default or
        current status instead of failing on the required field."""
        if "trace_status" in vals and not vals["trace_status"]:
            del vals["trace_status"]

    def _take_numbering_rule_numbers(self):
        """Lots of self were created with a name: when a name follows its product's numbering
        rule (a name proposed by peeking, on the lot form or in a wizard, or typed after the
        pattern), the rule's counter moves past it, so it is not proposed again."""
        groups = defaultdict(list)
        for lot in self:
            key = (
                lot.product_id,
                lot.company_id,
                lot.production_date,
                lot.shift or False,
                lot.production_line_id,
            )
            groups[key].append(lot.name)
        for (product, lot_company, production_date, shift, line), names in groups.items():
            company = lot_company or self.env.company
            rule = product._get_lot_numbering_rule(company)
            if rule:
                rule._take_numbers(
                    product,
                    {
                        "company": company,
                        "production_date": production_date,
                        "shift": shift,
                        "production_line": line,
                    },
                    names,
                )

    @api.model
    def load(self, fields, data):
        """An import must say which lot it creates: a file whose Lot/Serial Number column is
        not mapped (nor an External ID / Database ID column, to update lots) is refused as a
        whole, instead of creating lots named by Odoo's default sequence."""
        roots = {field.split("/")[0] for field in fields if field}
        if self.env.context.get("import_file") and not roots & {"name", "id", ".id"}:
            return {
                "ids": False,
                "messages": [
                    {
                        "type": "error",
                        "message": self.env._(
                            "Map a column of the file to the “Lot/Serial Number” field: "
                            "each row must name its lot or serial number."
                        ),
                    }
                ],
                "nextrow": 0,
            }
        return super().load(fields, data)

    def _load_records(self, data_list, update=False):
        """Odoo's ``load`` creates the rows of a file in one batch, and when the batch raises a
        UserError it reports that message at the batch's *first* row, before the same message
        at the row that really failed. Refused otherwise, the batch is retried row by row and
        each message names its own row only."""
        if len(data_list) > 1 and self.env.context.get("import_file"):
            try:
                return super()._load_records(data_list, update=update)
            except UserError as error:
                raise ImportBatchRefused(str(error)) from error
        return super()._load_records(data_list, update=update)

    @api.model
    def _check_imported_lot_names(self, vals_list):
        """A row of an imported file without a lot number is refused (the import reports its
        row), unless the product's numbering rule named it (see _fill_numbering_rule_names)."""
        for vals in vals_list:
            if not vals.get("name"):
                product = self.env["product.product"].browse(vals.get("product_id"))
                raise UserError(
                    self.env._(
                        "This row has no lot/serial number (product %(product)s): fill its "
                        "Lot/Serial Number cell, or give the product a numbering rule.",
                        product=product.display_name or "-",
                    )
                )

    @api.model
    def _fill_numbering_rule_names(self, vals_list, peek=False):
        """Name the lots created without a name after their product's numbering rule.

        Lots of the same product, company and numbering values (production date, shift,
        line) are named together: one counter allocation for all of them (an import of 1,000
        unnamed lots draws one block of numbers, not 1,000). ``peek``: propose names without
        taking their numbers (see ``stock.lot.numbering.rule._generate_names``)."""
        groups = defaultdict(list)
        for vals in vals_list:
            if vals.get("name") or not vals.get("product_id"):
                continue
            key = (
                vals["product_id"],
                vals.get("company_id") or self.env.company.id,
                fields.Date.to_date(vals.get("production_date")),
                vals.get("shift") or False,
                vals.get("production_line_id") or False,
            )
            groups[key].append(vals)
        for (product_id, company_id, *_values), group in groups.items():
            product = self.env["product.product"].browse(product_id)
            company = self.env["res.company"].browse(company_id)
            if not product._get_lot_numbering_rule(company):
                continue
            names = product._propose_lot_names(
                len(group), self._prepare_lot_numbering_values(group[0], company), peek=peek
            )
            for vals, name in zip(group, names, strict=True):
                vals["name"] = name

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "name" in fields_list and res.get("product_id"):
            vals = {"product_id": res["product_id"]}
            # a proposal: an opened and discarded form takes no number
            self._fill_numbering_rule_names([vals], peek=True)
            res["name"] = vals.get("name") or res.get("name")
        return res

    @api.model
    def _prepare_lot_numbering_values(self, vals, company):
        return {
            "company": company,
            "production_date": vals.get("production_date"),
            "shift": vals.get("shift"),
            "production_line": self.env["stock.lot.production.line"].browse(
                vals.get("production_line_id")
            ),
        }

    @api.model
    def generate_lot_names(self, first_lot, count):
        """Without a first lot name, propose ``count`` names from the numbering rule of the
        product given in context (``lot_traceability_numbering_product_id``)."""
        product_id = self.env.context.get("lot_traceability_numbering_product_id")
        if not first_lot and product_id:
            product = self.env["product.product"].browse(product_id)
            values = self.env.context.get("lot_traceability_numbering_values") or {}
            return [{"lot_name": name} for name in product._propose_lot_names(count, values)]
        return super().generate_lot_names(first_lot, count)

    @api.model
    def _get_next_serial(self, company, product):
        """The next name of a product with a numbering rule comes from its rule. Peeked, as
        Odoo's own answer is (a proposal, e.g. of the batch produce wizard): the number is
        taken when the lot is created."""
        if product.tracking != "none" and product._get_lot_numbering_rule(company):
            return product._propose_lot_names(1, {"company": company}, peek=True)[0]
        return super()._get_next_serial(company, product)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Lots/Serial Numbers"),
                "template": "/lot_traceability/static/csv/stock_lot_import_template.csv",
            }
        ]

    @api.model
    def _parse_traceability_scan(self, code, product=None):
        """Turn one scan (a plain lot/serial name, a GS1-128/DataMatrix element string or a GS1
        Digital Link URI) into what it designates.

        Returns a dict: ``product`` (product.product, maybe empty), ``lot`` (stock.lot, maybe
        empty), ``lot_name`` (str or False), ``expiration_date`` (datetime or False),
        ``production_date`` (date or False), ``quantity`` (float or False), ``gtin`` (14-digit
        str or False), and ``gs1`` (the GS1 values of
        ``barcode.nomenclature._gs1_elements_to_values``, or False for a plain name).
        ``product`` restricts the lot lookup. Raises UserError with a message a warehouse worker
        can act on when the scan is empty or malformed.

        This is the one scan parser of the module (scanner, build wizard, bulk serials); the
        parsing itself lives in ``barcode.nomenclature._parse_gs1_traceability``.
        """
        code = (code or "").strip(" \t\r\n")
        if not code:
            raise UserError(self.env._("The scan is empty."))
        nomenclature = self.env["barcode.nomenclature"]
        nomenclature._check_traceability_scan(code)
        plain_code = nomenclature._strip_symbology_identifier(code)
        product = product or self.env["product.product"]
        if not nomenclature._is_gs1_marked(code):
            lot = self._find_traceability_lot(plain_code, product)
            if lot:
                return self._prepare_traceability_scan_values(lot.product_id, lot, plain_code)
        candidates = []
        for gs1 in nomenclature._parse_gs1_traceability(code):
            gs1_product = self._find_traceability_product(gs1["gtin"], product)
            lot_name = gs1["serial"] or gs1["lot"]
            lot = self._find_traceability_lot(lot_name, gs1_product) if lot_name else self
            candidates.append((gs1, gs1_product, lot_name, lot))
            if lot:
                break
        if not nomenclature._is_gs1_marked(code):
            # An unmarked string read as GS1 must say something GS1 (a GTIN or a known lot).
            candidates = [c for c in candidates if c[0]["gtin"] or c[3]]
        if not candidates:
            return self._prepare_traceability_scan_values(product, self, plain_code)
        gs1, gs1_product, lot_name, lot = next((c for c in candidates if c[3]), candidates[0])
        return self._prepare_traceability_scan_values(
            lot.product_id or gs1_product, lot, lot_name, gs1
        )

    @api.model
    def _find_traceability_product(self, gtin, product):
        """The product a GTIN designates (product or packaging barcode, as GTIN-14/13/12/8);
        ``product`` when given, after checking the GTIN is not another product's."""
        if not gtin:
            return product
        variants = self.env["barcode.nomenclature"]._gs1_gtin_barcode_variants(gtin)
        found = self.env["product.product"].search([("barcode", "in", variants)], limit=1)
        if not found:
            packaging = self.env["product.packaging"].search([("barcode", "in", variants)], limit=1)
            found = packaging.product_id
        if product and found and found != product:
            raise UserError(
                self.env._(
                    "This label is for %(scanned)s (GTIN %(gtin)s), not for %(expected)s.",
                    scanned=found.display_name,
                    gtin=gtin,
                    expected=product.display_name,
                )
            )
        return found or product

    @api.model
    def _find_traceability_lot(self, name, product):
        """The one lot named ``name`` (of ``product`` when given), or an empty recordset."""
        domain = [("name", "=", name)]
        if product:
            domain.append(("product_id", "=", product.id))
        lot = self.search(domain, limit=2)
        return lot if len(lot) == 1 else self.browse()

    @api.model
    def _prepare_traceability_scan_values(self, product, lot, lot_name, gs1=None):
        gs1 = gs1 or {}
        expiration = gs1.get("expiration_date")
        return {
            "product": product or self.env["product.product"],
            "lot": lot,
            "lot_name": lot_name or False,
            "expiration_date": (expiration and fields.Datetime.to_datetime(expiration)) or False,
            "production_date": gs1.get("production_date") or False,
            "quantity": gs1.get("quantity") or False,
            "gtin": gs1.get("gtin") or False,
            "gs1": gs1 or False,
        }

    # ------------------------------------------------------------------
    # split, merge and genealogy (engine: stock.lot.genealogy)
    # ------------------------------------------------------------------
    upstream_lot_count = fields.Integer(
        string="Upstream Lots",
        compute="_compute_genealogy_counts",
        help="Lots this lot was made of, at every level (manufacturing, split, merge).",
    )
    downstream_lot_count = fields.Integer(
        string="Downstream Lots",
        compute="_compute_genealogy_counts",
        help="Lots made from this lot, at every level (manufacturing, split, merge).",
    )

    def _compute_genealogy_counts(self):
        """Readable lots reached each way (see ``get_genealogy_count``; the lot form asks the
        buttons' counts through it, not through these fields)."""
        genealogy = self.env["stock.lot.genealogy"]
        real_lots = self.filtered("id")
        upstream = genealogy._get_reached_lot_ids(real_lots, "upstream")
        downstream = genealogy._get_reached_lot_ids(real_lots, "downstream")
        for lot in self:
            lot.upstream_lot_count = len(upstream.get(lot.id, ())) - 1 if lot.id else 0
            lot.downstream_lot_count = len(downstream.get(lot.id, ())) - 1 if lot.id else 0

    def get_genealogy_count(self, direction):
        """Lots reached from this lot going ``direction`` ("upstream" / "downstream"), at
        every level, that the user may read (the lot itself not counted). What the lot form's
        Upstream / Downstream buttons show, asked for by the buttons once the form is shown
        (widget ``lot_genealogy_count``) rather than computed with every read of the form."""
        self.ensure_one()
        self.check_access("read")
        if direction not in ("upstream", "downstream"):
            raise UserError(self.env._("Unknown direction %(direction)s.", direction=direction))
        reached = self.env["stock.lot.genealogy"]._get_reached_lot_ids(self, direction)
        return len(reached.get(self.id, ())) - 1 if reached else 0

    def _get_genealogy_links(self, direction="downstream", max_depth=None):
        """Every link reached from the lots of self, walking ``direction`` ("downstream": what
        they became; "upstream": what they were made of), in one recursive query.

        Returns a list of dicts ``root_lot_id`` (the start lot), ``lot_id`` (the reached lot),
        ``parent_lot_id`` (the lot it was reached from, None on depth 0), ``depth`` (0 for the
        start lots, then the breadth-first level of the parent plus one), ``quantity`` and
        ``uom_id`` (of the reached lot in that link, in its product's unit; on-hand quantity for
        depth 0), ``link_type`` ("production", "unbuild", "split", "merge", "epcis"),
        ``res_model`` / ``res_id`` (the document: mrp.production, mrp.unbuild,
        stock.lot.transformation, stock.lot.epcis.event for a partner's link) and
        ``date``. Only lots the user may read are returned.
        """
        return self.env["stock.lot.genealogy"]._get_links(self, direction, max_depth)

    def _get_downstream_impact(self, parts=None):
        """What the lots of self became and where it went, from ONE walk of the genealogy
        (what a recall needs; ask only for the ``parts`` used, by default all of them):

        - ``lots``: self and every lot made from it, at every level (a recordset);
        - ``deliveries``: done customer deliveries of those lots, dicts ``lot_id``,
          ``move_line_id``, ``picking_id``, ``partner_id`` (delivery address),
          ``commercial_partner_id``, ``date``, ``quantity`` (negative for a customer return,
          in the product's unit) and ``uom_id``, in no particular order. Returns to a supplier
          are not deliveries;
        - ``shipments``: outgoing customer move lines of those lots not done yet (shipments to
          stop), same keys as ``deliveries``;
        - ``on_hand``: their on-hand quantities in internal locations, dicts ``lot_id``,
          ``location_id``, ``quantity``, ``uom_id``;
        - ``customers``: the deliveries rolled up by customer, dicts ``commercial_partner_id``
          (None for deliveries without a partner) and ``address_ids`` (the delivery addresses),
          one per customer that received a delivery (a customer return does not take it off
          the list: it had the goods), read without reading each delivery.

        Only what the user may read is returned (record rules, e.g. multi-company)."""
        genealogy = self.env["stock.lot.genealogy"]
        return genealogy._get_downstream(self, parts or DOWNSTREAM_PARTS)

    def _get_downstream_lots(self):
        """Self and every lot made from it, at every level."""
        return self._get_downstream_impact(["lots"])["lots"]

    def _get_upstream_lots(self):
        """Self and every lot it was made of, at every level."""
        return self.env["stock.lot.genealogy"]._get_lots(self, "upstream")

    def _get_customer_deliveries(self):
        """Done customer deliveries of self and of everything downstream (see
        ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["deliveries"])["deliveries"]

    def _get_shipments_to_stop(self):
        """Outgoing customer move lines of self and everything downstream that are not done yet
        (see ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["shipments"])["shipments"]

    def _get_downstream_on_hand(self):
        """On-hand quantities of self and everything downstream in internal locations (see
        ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["on_hand"])["on_hand"]

    def action_view_upstream_lots(self):
        self.ensure_one()
        return self.env["stock.lot.trace"]._action_open_trace(self, "upstream")

    def action_view_downstream_lots(self):
        self.ensure_one()
        return self.env["stock.lot.trace"]._action_open_trace(self, "downstream")

    def action_open_split_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_split_wizard_action"
        )
        action["context"] = {"default_lot_id": self.id}
        return action

    def action_open_merge_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_merge_wizard_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action

    # lots and serials: serialized assets (holder, assignments), lifetime timeline, item details
    product_tracking = fields.Selection(related="product_id.tracking", string="Tracking")
    asset_assignment_ids = fields.One2many(
        "stock.lot.assignment", "lot_id", string="Assignments", readonly=True
    )
    asset_holder_id = fields.Many2one(
        "res.partner",
        string="Holder",
        compute="_compute_asset_holder",
        store=True,
        index="btree_not_null",
        help="The person (contact) who holds this serialized asset, from its last assignment.",
    )
    asset_assigned_date = fields.Datetime(
        string="Held Since", compute="_compute_asset_holder", store=True
    )
    timeline_ids = fields.One2many("stock.lot.timeline", "lot_id", string="Timeline", readonly=True)

    @api.depends("asset_assignment_ids.date", "asset_assignment_ids.partner_to_id")
    def _compute_asset_holder(self):
        for lot in self:
            last = lot.asset_assignment_ids.sorted(lambda a: (a.date, a.id))[-1:]
            lot.asset_holder_id = last.partner_to_id
            lot.asset_assigned_date = last.date if last.partner_to_id else False

    def action_asset_assign(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_assign_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action

    item_details_html = fields.Html(
        string="Item Details", compute="_compute_item_details_html", sanitize=False
    )

    def _compute_item_details_html(self):
        report = self.env["report.lot_traceability.report_lot_item_details"]
        lots = self.filtered("id")
        (self - lots).item_details_html = False
        if not lots:
            return
        values = report._get_report_values(lots.ids, data={"show_links": True})
        for lot in lots:
            lot.item_details_html = self.env["ir.qweb"]._render(
                "lot_traceability.lot_item_details_content", dict(values, lot=lot)
            )

    def action_open_item_details(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Item Details: %(lot)s", lot=self.display_name),
            "res_model": "stock.lot",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("lot_traceability.stock_lot_view_form_item_details").id, "form")
            ],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # recall
    # ------------------------------------------------------------------
    recall_ids = fields.Many2many(
        "stock.lot.recall",
        compute="_compute_recall_ids",
        help="Recalls (not cancelled) in which this lot is a suspect or an affected lot.",
    )
    recall_count = fields.Integer(compute="_compute_recall_ids")
    open_recall_ids = fields.Many2many(
        "stock.lot.recall", string="Open Recalls", compute="_compute_recall_ids"
    )

    def _compute_recall_ids(self):
        recall_ids_by_lot = defaultdict(set)
        lots = self.filtered("id")
        if lots:
            for lot, recalls in self.env["stock.lot.recall.lot"]._read_group(
                [("lot_id", "in", lots.ids), ("recall_id.state", "!=", "cancelled")],
                ["lot_id"],
                ["recall_id:array_agg"],
            ):
                recall_ids_by_lot[lot.id].update(recalls)
            for recall in self.env["stock.lot.recall"].search(
                [("suspect_lot_ids", "in", lots.ids), ("state", "!=", "cancelled")]
            ):
                for lot in recall.suspect_lot_ids & lots:
                    recall_ids_by_lot[lot.id].add(recall.id)
        for lot in self:
            recalls = self.env["stock.lot.recall"].browse(sorted(recall_ids_by_lot[lot.id]))
            lot.recall_ids = recalls
            lot.recall_count = len(recalls)
            lot.open_recall_ids = recalls.filtered(lambda recall: recall.state == "open")

    def action_view_recalls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_recall_action"
        )
        action["domain"] = [("id", "in", self.recall_ids.ids)]
        action["context"] = {"default_suspect_lot_ids": [self.id]}
        return action

    def action_start_recall(self):
        """A new recall starting from this lot: the recall form with its suspect lot filled
        in, for the manager to give the reason and save (a draft until opened)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_recall_action"
        )
        action.update(
            {
                "name": self.env._("Start a Recall"),
                "views": [(False, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_suspect_mode": "lots",
                    "default_suspect_lot_ids": [self.id],
                    "default_company_id": (self.company_id or self.env.company).id,
                },
            }
        )
        action.pop("res_id", None)
        return action

    # ------------------------------------------------------------------
    # labels
    # ------------------------------------------------------------------
    def action_print_traceability_labels(self, fmt="label"):
        """Print traceability labels of these lots: ``fmt`` is "label" (57 x 32 mm PDF),
        "a4" (A4 sheet PDF) or "zpl" (Zebra printers)."""
        return self._action_print_traceability_labels(fmt)

    def _action_print_traceability_labels(self, fmt="label"):
        """The report action printing these lots' labels (see action_print_traceability_labels);
        what the split wizard, pickings and the scanner call for their lots."""
        return self.env["stock.lot.label"]._get_report_action(self, fmt)

    # ------------------------------------------------------------------
    # release on receipt (positive release) and expiry that acts
    # ------------------------------------------------------------------
    # Lots of a product or category marked *Quarantine on Receipt* enter in quarantine,
    # "awaiting release", until a Traceability manager records their inspection
    # (``stock.lot.inspection``): pass releases them, fail blocks them and offers their return
    # to the supplier. Expired lots in stock are held by a daily scheduled action.
    awaiting_release_since = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the lot was received in quarantine, awaiting its release inspection.",
    )
    inspection_ids = fields.One2many(
        "stock.lot.inspection",
        "lot_id",
        string="Inspections",
        groups="lot_traceability.group_traceability_user",
    )

    def _check_release_inspection(self):
        """A lot awaiting release becomes available only through a passed inspection
        recorded since it was received (Inspect & Release), on every write path."""
        for lot in self.filtered("awaiting_release_since"):
            passed = lot.inspection_ids.filtered(
                lambda inspection, lot=lot: inspection.result == "pass"
                and inspection.date >= lot.awaiting_release_since
            )
            if not passed:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s of %(product)s awaits its release inspection: record it"
                        " with Inspect & Release.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                    )
                )

    def _quarantine_on_receipt(self):
        """Put the lots of self, just received from a supplier, in quarantine awaiting
        release when their product (or its category) asks for it. Lots on hold (a lot
        already awaiting release included) keep their status and reason."""
        templates = self.product_id.product_tmpl_id
        flagged = templates.filtered(lambda template: template._is_quarantined_on_receipt())
        lots = self.filtered(
            lambda lot: lot.trace_status == "available"
            and lot.product_id.product_tmpl_id in flagged
        )
        if not lots:
            return lots
        # the receiving user need not be a Traceability user: the system holds the lots
        lots.sudo().write(
            {
                "trace_status": "quarantine",
                "trace_status_reason": self.env._("Awaiting release"),
                "awaiting_release_since": fields.Datetime.now(),
            }
        )
        return lots

    def _check_can_inspect(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Traceability managers can release a lot received in quarantine: %(lots)s",
                    lots=", ".join(self.mapped("display_name")),
                )
            )

    @api.model
    def _get_release_inspection_refusal(self, lot):
        if not lot.awaiting_release_since:
            return self.env._(
                "Lot %(lot)s of %(product)s is not awaiting release.",
                lot=lot.name,
                product=lot.product_id.display_name,
            )
        return False

    def _record_inspection(self, result, notes=False, attachments=None):
        """Record the release inspection of the lot: pass makes it available, fail blocks it.
        Returns the ``stock.lot.inspection``. Managers only; the lot must await release."""
        self.ensure_one()
        self._check_can_inspect()
        refusal = self._get_release_inspection_refusal(self)
        if refusal:
            raise UserError(refusal)
        if result not in ("pass", "fail"):
            raise UserError(self.env._("An inspection passes or fails, not %(r)s.", r=result))
        inspection = self.env["stock.lot.inspection"].create(
            {
                "lot_id": self.id,
                "result": result,
                "notes": notes,
                "attachment_ids": [fields.Command.set(attachments.ids if attachments else [])],
            }
        )
        if result == "pass":
            self.write({"trace_status": "available", "trace_status_reason": False})
        else:
            self.write(
                {
                    "trace_status": "blocked",
                    "trace_status_reason": self.env._(
                        "Failed release inspection%(notes)s",
                        notes=f": {notes}" if notes else "",
                    ),
                }
            )
            self._unreserve_refused_operations()
        self.write({"awaiting_release_since": False})
        self.message_post(
            body=self.env._(
                "Release inspection: %(result)s%(notes)s",
                result=dict(inspection._fields["result"]._description_selection(self.env))[result],
                notes=f" ({notes})" if notes else "",
            ),
            attachment_ids=inspection.attachment_ids.ids,
        )
        return inspection

    def action_open_release_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Inspect & Release"),
            "res_model": "stock.lot.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id},
        }

    # ------------------------------------------------------------------
    # Return to the supplier
    # ------------------------------------------------------------------
    def _get_supplier_receipt_lines(self):
        """The done lines that received this lot from a supplier, latest first."""
        self.ensure_one()
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
            ],
            order="date desc, id desc",
        )

    def action_return_to_supplier(self):
        """One click: a return to the supplier of the lot's on-hand stock (every internal
        location), reserved on this lot and ready to validate; opens it. For a blocked lot
        (a failed inspection), by Traceability managers."""
        self.ensure_one()
        self._check_can_inspect()
        if self.trace_status != "blocked":
            raise UserError(
                self.env._(
                    "Only a blocked lot is returned to its supplier from here; %(lot)s is not.",
                    lot=self.name,
                )
            )
        receipt_line = self._get_supplier_receipt_lines()[:1]
        supplier = self.supplier_id or receipt_line.picking_id.partner_id.commercial_partner_id
        if not receipt_line or not supplier:
            raise UserError(
                self.env._(
                    "Lot %(lot)s was not received from a supplier: there is no one to return it"
                    " to.",
                    lot=self.name,
                )
            )
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.id),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ]
        )
        quantity = sum(quants.mapped("quantity")) - sum(quants.mapped("reserved_quantity"))
        if not quants or quantity <= 0:
            raise UserError(
                self.env._("Lot %(lot)s has no free stock left to return.", lot=self.name)
            )
        picking = self.env["stock.picking"].create(
            self._prepare_supplier_return_picking_vals(receipt_line, supplier, quants)
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        for quant in quants:
            free = quant.quantity - quant.reserved_quantity
            if free > 0:
                self.env["stock.move.line"].create(
                    {
                        "move_id": picking.move_ids.id,
                        "picking_id": picking.id,
                        "product_id": self.product_id.id,
                        "lot_id": self.id,
                        "location_id": quant.location_id.id,
                        "location_dest_id": picking.location_dest_id.id,
                        "quantity": free,
                        "product_uom_id": self.product_id.uom_id.id,
                    }
                )
        self.inspection_ids.filtered(lambda i: i.result == "fail")[:1].sudo().write(
            {"return_picking_id": picking.id}
        )
        self.message_post(
            body=self.env._(
                "Return to supplier %(supplier)s prepared: %(picking)s",
                supplier=supplier.display_name,
                picking=picking.name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "views": [(False, "form")],
        }

    def _prepare_supplier_return_picking_vals(self, receipt_line, supplier, quants):
        self.ensure_one()
        receipt_type = (
            receipt_line.move_id.picking_type_id or receipt_line.picking_id.picking_type_id
        )
        warehouse = quants[:1].location_id.warehouse_id
        picking_type = receipt_type.return_picking_type_id or warehouse.out_type_id
        source = warehouse.lot_stock_id if len(quants.location_id) > 1 else quants.location_id
        quantity = sum(quant.quantity - quant.reserved_quantity for quant in quants)
        return {
            "picking_type_id": picking_type.id,
            "partner_id": supplier.id,
            "location_id": source.id,
            "location_dest_id": receipt_line.location_id.id,
            "origin": self.env._("Return of %(lot)s", lot=self.name),
            "company_id": self.company_id.id or self.env.company.id,
            "move_ids": [
                fields.Command.create(
                    {
                        "name": self.product_id.display_name,
                        "product_id": self.product_id.id,
                        "product_uom": self.product_id.uom_id.id,
                        "product_uom_qty": quantity,
                        "location_id": source.id,
                        "location_dest_id": receipt_line.location_id.id,
                        "company_id": self.company_id.id or self.env.company.id,
                    }
                )
            ],
        }

    # ------------------------------------------------------------------
    # Expiry that acts
    # ------------------------------------------------------------------
    @api.model
    def _get_expired_lots_domain(self, company, now):
        """Available lots of ``company`` with stock in an internal location, past the date
        the company's setting names (expiration or removal date)."""
        date_field = company.trace_expiry_hold_date or "expiration_date"
        company_domain = [("company_id", "=", company.id)]
        if company == self.env.company:
            company_domain = ["|", ("company_id", "=", False), *company_domain]
        return [
            *company_domain,
            ("trace_status", "=", "available"),
            (date_field, "!=", False),
            (date_field, "<=", now),
            ("quant_ids", "any", [("location_id.usage", "=", "internal"), ("quantity", ">", 0)]),
        ]

    @api.model
    def _cron_hold_expired_lots(self):
        """Daily: put the lots in stock past their expiration date (or removal date, per
        company setting) on hold (blocked, reason "Expired"), and take them off the
        deliveries and manufacturing orders that had reserved them. Returns the lots held."""
        now = fields.Datetime.now()
        held = self.browse()
        for company in self.env["res.company"].search([]):
            lots = self.search(self._get_expired_lots_domain(company, now))
            if not lots:
                continue
            lots.sudo().write(
                {"trace_status": "blocked", "trace_status_reason": self.env._("Expired")}
            )
            lots._unreserve_refused_operations()
            held |= lots
        return held

    # lots and serials: where the lot is in stock (the consolidated views' drill-down)
    stock_location_ids = fields.Many2many(
        "stock.location",
        string="In Stock At",
        compute="_compute_stock_location_ids",
        help="The internal locations holding a positive quantity of the lot. Odoo's own "
        "Location is empty as soon as a quant elsewhere, even at a customer or in production, "
        "holds a positive quantity.",
    )

    @api.depends("quant_ids.quantity", "quant_ids.location_id")
    def _compute_stock_location_ids(self):
        locations = defaultdict(lambda: self.env["stock.location"])
        for quant in self.env["stock.quant"].search(
            [
                ("lot_id", "in", self._origin.ids),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ]
        ):
            locations[quant.lot_id.id] |= quant.location_id
        for lot in self:
            lot.stock_location_ids = locations[lot._origin.id]
