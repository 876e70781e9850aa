# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

TRACE_STATUSES = [
    ("available", "Available"),
    ("quarantine", "Quarantine"),
    ("blocked", "Blocked"),
    ("recalled", "Recalled"),
]


class StockLot(models.Model):
    _inherit = "stock.lot"

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

    # lots and serials: attributes (GS1 AI 11 production date, shift, line, supplier, origin)
    production_date = fields.Date(
        index=True,
        help="Date the lot was produced (GS1 AI 11). Filled when a manufacturing order "
        "generates the lot; numbering rules use it for their date tokens.",
    )
    shift = fields.Char(help="Shift (crew) that produced the lot, e.g. A, B or Night.")
    production_line_id = fields.Many2one(
        "stock.production.line",
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
        self._fill_numbering_rule_names(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._clean_empty_trace_status(vals)
        if "trace_status" in vals:
            releasing = self.filtered(lambda lot: lot.trace_status != "available")
            if vals["trace_status"] == "available" and releasing:
                self._check_trace_status_release()
            elif vals["trace_status"] != "available":
                self._check_trace_status_can_change()
        return super().write(vals)

    def _check_trace_status_can_change(self):
        if not self.env.user.has_group("lot_traceability.group_traceability_user"):
            raise AccessError(_("Only Traceability users can put a lot on hold."))

    def _check_trace_status_release(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                _(
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
        return _(
            "Lot %(lot)s of %(product)s cannot be %(operation)s: its status is %(status)s"
            " (reason: %(reason)s).",
            lot=blocked.name,
            product=blocked.product_id.display_name,
            operation=operation,
            status=status,
            reason=blocked.trace_status_reason or _("none given"),
        )

    def _check_trace_status_available(self, operation):
        """Raise a UserError naming the lot, its status and reason when a lot of self is not
        available. ``operation`` completes "Lot X cannot be …", e.g. _("delivered")."""
        message = self._get_trace_status_refusal(operation)
        if message:
            raise UserError(message)

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

    @api.model
    def _fill_numbering_rule_names(self, vals_list):
        """Name the lots created without a name after their product's numbering rule."""
        for vals in vals_list:
            if vals.get("name") or not vals.get("product_id"):
                continue
            product = self.env["product.product"].browse(vals["product_id"])
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if product._get_lot_numbering_rule(company):
                vals["name"] = product._propose_lot_names(
                    1, self._prepare_lot_numbering_values(vals, company)
                )[0]

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "name" in fields_list and res.get("product_id"):
            vals = {"product_id": res["product_id"]}
            self._fill_numbering_rule_names([vals])
            res["name"] = vals.get("name") or res.get("name")
        return res

    @api.model
    def _prepare_lot_numbering_values(self, vals, company):
        return {
            "company": company,
            "production_date": vals.get("production_date"),
            "shift": vals.get("shift"),
            "production_line": self.env["stock.production.line"].browse(
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
        """The next name of a product with a numbering rule comes from its rule."""
        if product.tracking != "none" and product._get_lot_numbering_rule(company):
            return product._propose_lot_names(1, {"company": company})[0]
        return super()._get_next_serial(company, product)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for Lots/Serial Numbers"),
                "template": "/lot_traceability/static/csv/stock_lot_import_template.csv",
            }
        ]

    @api.model
    def _parse_traceability_scan(self, code, product=None):
        """Turn one scan (a plain lot/serial name, a GS1-128/DataMatrix element string or a GS1
        Digital Link URI) into what it designates.

        Returns a dict: ``product`` (product.product, maybe empty), ``lot`` (stock.lot, maybe
        empty), ``lot_name`` (str or False), ``expiration_date`` / ``production_date`` (datetime /
        date or False), ``quantity`` (float or False), ``gtin`` (str or False).
        ``product`` restricts the lot lookup. Raises UserError with a message a warehouse worker
        can act on when the scan is empty or malformed.

        This is the one scan parser of the module (scanner, build wizard, bulk serials).
        """
        code = (code or "").strip()
        if not code:
            raise UserError(_("The scan is empty."))
        domain = [("name", "=", code)]
        if product:
            domain.append(("product_id", "=", product.id))
        lot = self.search(domain, limit=2)
        if len(lot) != 1:
            lot = self.browse()
        return {
            "product": lot.product_id or product or self.env["product.product"],
            "lot": lot,
            "lot_name": code,
            "expiration_date": False,
            "production_date": False,
            "quantity": False,
            "gtin": False,
        }

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
