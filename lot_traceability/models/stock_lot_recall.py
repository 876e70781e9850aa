# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round, format_datetime

from ..orm_bypass.sql_create import sql_create_by_keys
from .stock_lot_recall_line import TraceabilityRecallLineMixin

CLASSIFICATIONS = [
    ("class_1", "Class I"),
    ("class_2", "Class II"),
    ("class_3", "Class III"),
]

# What the affected set is computed from: fixed once the recall is open.
DRAFT_ONLY_FIELDS = {
    "suspect_mode",
    "suspect_lot_ids",
    "product_id",
    "production_date_from",
    "production_date_to",
    "is_exercise",
    "supplier_lot_name",
    "supplier_id",
    "production_line_id",
    "shift",
}

# Lots named in the unaccounted summary (the Unaccounted button lists them all).
SUMMARY_LOTS = 5

# Fields the mail thread writes on any record, even a closed one.
MAIL_FIELD_PREFIXES = ("message_", "activity_")
#: The recall's state and the milestones of its audit trail ("time to complete report"): written by
#: its own actions only (:meth:`TraceabilityRecall._write_milestones`), never by a plain write,
#: RPC included.
MILESTONE_FIELDS = frozenset(
    {"state", "opened_date", "closed_date", "affected_date", "report_completed_date"}
)
#: Context value under which the recall's actions write :data:`MILESTONE_FIELDS`: an object no
#: RPC context can carry.
_MILESTONE_WRITE = object()


class TraceabilityRecall(models.Model):
    _name = "stock.lot.recall"
    _description = "Recall"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    reason = fields.Text(required=True, tracking=True)
    classification = fields.Selection(
        CLASSIFICATIONS,
        required=True,
        default="class_2",
        tracking=True,
        help="Class I: use of the product may cause serious harm or death. "
        "Class II: it may cause temporary or reversible harm. "
        "Class III: it is unlikely to cause harm but breaks a regulation.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    is_exercise = fields.Boolean(
        string="Mock Recall",
        tracking=True,
        help="An exercise: its actions are simulated and logged, no stock is changed and no "
        "customer is emailed. It measures how long a complete report takes.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
    )
    suspect_mode = fields.Selection(
        [
            ("lots", "Lots"),
            ("production_dates", "Product and production dates"),
            ("supplier_lot", "Supplier's lot number"),
        ],
        string="Suspect By",
        required=True,
        default="lots",
    )
    suspect_lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_recall_suspect_lot_rel",
        "recall_id",
        "lot_id",
        string="Suspect Lots",
        check_company=True,
        help="The lots the recall starts from; everything made from them or delivered from "
        "them is affected.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Suspect Product",
        check_company=True,
        domain=[("tracking", "!=", "none")],
    )
    production_date_from = fields.Date(string="Produced From")
    production_date_to = fields.Date(string="Produced Until")
    production_line_id = fields.Many2one(
        "stock.lot.production.line",
        string="Production Line",
        check_company=True,
        help="Only lots made on this line (with the product and dates, if given).",
    )
    shift = fields.Char(help="Only lots made by this shift (with the product and dates, if given).")
    supplier_lot_name = fields.Char(
        string="Supplier's Lot Number",
        help="The lot number a supplier recalls (e.g. the mill recalls its lot W-1187): the "
        "recall starts from our lots received under it.",
    )
    supplier_id = fields.Many2one(
        "res.partner", string="Supplier", help="The supplier recalling its lot (optional)."
    )
    supplier_receipt_ids = fields.One2many(
        "stock.lot.recall.supplier.receipt", "recall_id", readonly=True
    )
    supplier_count = fields.Integer(compute="_compute_supplier_count")
    quarantine_move = fields.Boolean(
        string="Move to Quarantine",
        default=True,
        help="Hold Stock also moves every on-hand quantity of the affected lots to the "
        "quarantine location, in one internal transfer.",
    )
    quarantine_location_id = fields.Many2one(
        "stock.location",
        check_company=True,
        domain=[("usage", "=", "internal")],
        default=lambda self: self._default_quarantine_location(),
    )
    opened_date = fields.Datetime(string="Opened On", readonly=True, copy=False)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    affected_date = fields.Datetime(string="Affected Set Computed On", readonly=True, copy=False)
    held_date = fields.Datetime(string="Stock Held On", readonly=True, copy=False)
    quarantine_picking_id = fields.Many2one(
        "stock.picking", string="Quarantine Transfer", readonly=True, copy=False
    )
    report_completed_date = fields.Datetime(
        string="Report Completed On",
        readonly=True,
        copy=False,
        help="When the affected set was declared complete (Report Complete or Close).",
    )
    report_duration = fields.Float(
        string="Time to Complete Report (hours)",
        compute="_compute_report_duration",
        store=True,
        digits=(16, 2),
    )
    affected_lot_ids = fields.One2many("stock.lot.recall.lot", "recall_id", readonly=True)
    customer_ids = fields.One2many("stock.lot.recall.customer", "recall_id", readonly=True)
    delivery_ids = fields.One2many("stock.lot.recall.delivery", "recall_id", readonly=True)
    onhand_ids = fields.One2many("stock.lot.recall.onhand", "recall_id", readonly=True)
    shipment_ids = fields.One2many("stock.lot.recall.shipment", "recall_id", readonly=True)
    affected_lot_count = fields.Integer(compute="_compute_counts", store=True)
    customer_count = fields.Integer(compute="_compute_counts", store=True)
    delivery_count = fields.Integer(compute="_compute_counts", store=True)
    onhand_count = fields.Integer(compute="_compute_counts", store=True)
    shipment_count = fields.Integer(compute="_compute_counts", store=True)
    unaccounted_lot_count = fields.Integer(
        string="Lots With Unaccounted Quantity", compute="_compute_counts", store=True
    )
    unaccounted_summary = fields.Char(
        string="Unaccounted Quantity", compute="_compute_counts", store=True
    )
    customer_to_notify_count = fields.Integer(compute="_compute_open_work")
    onhand_to_hold_count = fields.Integer(compute="_compute_open_work")
    accounted_share = fields.Float(
        string="Suspect Quantity Accounted For (%)",
        compute="_compute_accounted_share",
        store=True,
        digits=(16, 1),
        help="Share of the quantity received or produced of the suspect lots whose fate is "
        "known: consumed, delivered, returned to suppliers, on hand or scrapped.",
    )

    @api.model
    def _default_quarantine_location(self):
        if self.env.company.trace_quarantine_location_id:
            return self.env.company.trace_quarantine_location_id
        location = self.env.ref(
            "lot_traceability.stock_location_quarantine", raise_if_not_found=False
        )
        if location and (not location.company_id or location.company_id == self.env.company):
            return location
        return self.env["stock.location"].search(
            [
                ("usage", "=", "internal"),
                ("name", "=ilike", "quarantine"),
                ("company_id", "in", (self.env.company.id, False)),
            ],
            limit=1,
        )

    @api.depends("opened_date", "report_completed_date")
    def _compute_report_duration(self):
        for recall in self:
            if recall.opened_date and recall.report_completed_date:
                delta = recall.report_completed_date - recall.opened_date
                recall.report_duration = delta.total_seconds() / 3600.0
            else:
                recall.report_duration = 0.0

    @api.depends(
        "affected_lot_ids.qty_unaccounted",
        "customer_ids",
        "delivery_ids",
        "onhand_ids",
        "shipment_ids",
    )
    def _compute_counts(self):
        for recall in self:
            recall.affected_lot_count = len(recall.affected_lot_ids)
            recall.customer_count = len(recall.customer_ids)
            recall.delivery_count = len(recall.delivery_ids)
            recall.onhand_count = len(recall.onhand_ids)
            recall.shipment_count = len(recall.shipment_ids)
            unaccounted = recall.affected_lot_ids.filtered("is_unaccounted")
            recall.unaccounted_lot_count = len(unaccounted)
            summary = "; ".join(
                f"{line.lot_id.name}: {line.qty_unaccounted:g} {line.uom_id.name}"
                for line in unaccounted[:SUMMARY_LOTS]
            )
            if len(unaccounted) > SUMMARY_LOTS:
                summary = self.env._(
                    "%(summary)s and %(count)s more lots",
                    summary=summary,
                    count=len(unaccounted) - SUMMARY_LOTS,
                )
            recall.unaccounted_summary = summary or False

    @api.depends(
        "customer_ids.notified_date", "onhand_ids.held", "onhand_ids.quantity", "is_exercise"
    )
    def _compute_open_work(self):
        for recall in self:
            recall.customer_to_notify_count = len(
                recall.customer_ids.filtered(lambda c: not c.notified_date)
            )
            recall.onhand_to_hold_count = len(recall.onhand_ids.filtered(lambda o: not o.held))

    @api.depends("affected_lot_ids.qty_in", "affected_lot_ids.qty_unaccounted")
    def _compute_accounted_share(self):
        for recall in self:
            suspects = recall.affected_lot_ids.filtered(lambda line: line.depth == 0)
            quantity_in = sum(suspects.mapped("qty_in"))
            if float_is_zero(quantity_in, precision_digits=6):
                recall.accounted_share = 0.0
                continue
            unaccounted = sum(abs(q) for q in suspects.mapped("qty_unaccounted"))
            recall.accounted_share = max(0.0, 100.0 * (1.0 - unaccounted / quantity_in))

    @api.constrains("production_date_from", "production_date_to")
    def _check_production_dates(self):
        for recall in self:
            if (
                recall.production_date_from
                and recall.production_date_to
                and recall.production_date_from > recall.production_date_to
            ):
                raise ValidationError(
                    self.env._(
                        "Recall %(recall)s: the production date range ends before it starts.",
                        recall=recall.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and (
                vals.get("state", "draft") != "draft"
                or any(vals.get(name) for name in MILESTONE_FIELDS - {"state"})
            ):
                raise AccessError(
                    self.env._(
                        "A recall starts as a draft: its state and milestone dates are set by its"
                        " actions (Open, Close, Complete Report…)."
                    )
                )
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                sequence = self.env["ir.sequence"].with_company(company or self.env.company)
                vals["name"] = sequence.next_by_code("stock.lot.recall") or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if (
            MILESTONE_FIELDS & set(vals)
            and not self.env.su
            and self.env.context.get("lot_traceability_recall_milestones") is not _MILESTONE_WRITE
        ):
            raise AccessError(
                self.env._(
                    "The state of a recall and the dates of its milestones (%(fields)s) are set by"
                    " its actions (Open, Close, Complete Report…), not written directly.",
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"]
                            for name in MILESTONE_FIELDS & set(vals)
                        )
                    ),
                )
            )
        if any(not field.startswith(MAIL_FIELD_PREFIXES) for field in vals):
            self._check_editable()
        frozen = set(vals) & DRAFT_ONLY_FIELDS
        started = self.filtered(lambda recall: recall.state != "draft")
        if frozen and started:
            raise UserError(
                self.env._(
                    "Recall %(recall)s is %(state)s: its suspects and mock-recall flag can only "
                    "change in draft (%(fields)s).",
                    recall=started[0].name,
                    state=started[0]._get_state_label(),
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"]
                            for name in frozen
                        )
                    ),
                )
            )
        return super().write(vals)

    def _write_milestones(self, vals):
        """Write the state and milestone dates of the recalls of self (their actions only)."""
        return self.with_context(lot_traceability_recall_milestones=_MILESTONE_WRITE).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for recall in self:
            if recall.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Recall %(recall)s is %(state)s: only draft or cancelled recalls can be "
                        "deleted.",
                        recall=recall.name,
                        state=recall._get_state_label(),
                    )
                )

    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_editable(self):
        closed = self.filtered(lambda recall: recall.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Recall %(recall)s is closed: it can no longer be changed.",
                    recall=closed[0].name,
                )
            )

    def _check_open(self, action):
        for recall in self:
            if recall.state != "open":
                raise UserError(
                    self.env._(
                        "Recall %(recall)s is %(state)s: %(action)s needs an open recall.",
                        recall=recall.name,
                        state=recall._get_state_label(),
                        action=action,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_find_suspect_lots(self):
        """Fill the suspect lots from the product and production date range."""
        for recall in self:
            recall._check_editable()
            lots = recall._find_suspect_lots()
            if not lots:
                raise UserError(recall._get_no_lot_found_message())
            recall.suspect_lot_ids = [Command.set(lots.ids)]
        return True

    def action_open(self):
        for recall in self:
            if recall.state != "draft":
                raise UserError(
                    self.env._(
                        "Recall %(recall)s is %(state)s: only a draft recall can be opened.",
                        recall=recall.name,
                        state=recall._get_state_label(),
                    )
                )
            if recall.suspect_mode != "lots" and not recall.suspect_lot_ids:
                lots = recall._find_suspect_lots()
                if not lots:
                    raise UserError(recall._get_no_lot_found_message())
                recall.suspect_lot_ids = [Command.set(lots.ids)]
            if not recall.suspect_lot_ids:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s has no suspect lots: add the lots (or a product and "
                        "a production date range) the recall starts from.",
                        recall=recall.name,
                    )
                )
            recall._write_milestones({"state": "open", "opened_date": fields.Datetime.now()})
            recall._compute_affected_set()
        return True

    def action_recompute(self):
        self._check_open(self.env._("recomputing the affected set"))
        for recall in self:
            recall._compute_affected_set()
        return True

    def action_hold_stock(self):
        self._check_open(self.env._("holding stock"))
        for recall in self:
            recall._hold_stock()
        return True

    def action_notify_customers(self):
        self._check_open(self.env._("notifying customers"))
        for recall in self:
            customers = recall.customer_ids.filtered(lambda c: not c.notified_date)
            if not customers:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: every customer is already notified.", recall=recall.name
                    )
                )
            customers._notify()
        return True

    def action_complete_report(self):
        self._check_open(self.env._("completing the report"))
        for recall in self:
            recall._mark_report_completed()
        return True

    def action_close(self):
        self._check_open(self.env._("closing"))
        for recall in self:
            recall._check_can_close()
            recall._mark_report_completed()
            recall._write_milestones({"state": "closed", "closed_date": fields.Datetime.now()})
            recall.message_post(body=self.env._("Recall closed."))
        return True

    def action_cancel(self):
        for recall in self:
            if recall.state not in ("draft", "open"):
                raise UserError(
                    self.env._(
                        "Recall %(recall)s is %(state)s: it cannot be cancelled.",
                        recall=recall.name,
                        state=recall._get_state_label(),
                    )
                )
        self._write_milestones({"state": "cancelled"})
        return True

    def action_draft(self):
        for recall in self:
            if recall.state != "cancelled":
                raise UserError(
                    self.env._(
                        "Recall %(recall)s is %(state)s: only a cancelled recall goes back to "
                        "draft.",
                        recall=recall.name,
                        state=recall._get_state_label(),
                    )
                )
        self._write_milestones({"state": "draft"})
        return True

    def action_export_xlsx(self):
        self.ensure_one()
        content = self.env["report.lot_traceability.recall_xlsx"]._generate_xlsx(self)
        filename = "{}.xlsx".format(self.name.replace("/", "-"))
        # Viewers may export: the attachment (readable by whoever reads the recall) and the
        # log line are written as superuser.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        )
        self.sudo().message_post(
            body=self.env._("XLSX export %(file)s generated.", file=filename),
            attachment_ids=attachment.ids,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _action_view_lines(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("recall_id", "=", self.id)],
            "context": {"default_recall_id": self.id},
        }

    def action_view_affected_lots(self):
        return self._action_view_lines("stock.lot.recall.lot", self.env._("Affected Lots"))

    def action_view_customers(self):
        return self._action_view_lines("stock.lot.recall.customer", self.env._("Customers"))

    def action_view_onhand(self):
        return self._action_view_lines("stock.lot.recall.onhand", self.env._("On Hand"))

    def action_view_shipments(self):
        return self._action_view_lines("stock.lot.recall.shipment", self.env._("Shipments to Stop"))

    def action_view_unaccounted(self):
        action = self._action_view_lines(
            "stock.lot.recall.lot", self.env._("Unaccounted Quantities")
        )
        action["domain"] = [("recall_id", "=", self.id), ("is_unaccounted", "=", True)]
        return action

    # ------------------------------------------------------------------
    # Suspect lots from a production date range
    # ------------------------------------------------------------------
    def _find_lots_by_production_date(self):
        self.ensure_one()
        if not self.product_id and not self.production_line_id and not self.shift:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: choose the suspect product to find its lots by production "
                    "date.",
                    recall=self.name,
                )
            )
        domain = [("company_id", "in", (self.company_id.id, False))]
        if self.product_id:
            domain.append(("product_id", "=", self.product_id.id))
        if self.production_line_id:
            domain.append(("production_line_id", "=", self.production_line_id.id))
        if self.shift:
            domain.append(("shift", "=ilike", self.shift))
        if self.production_date_from:
            domain.append(("production_date", ">=", self.production_date_from))
        if self.production_date_to:
            domain.append(("production_date", "<=", self.production_date_to))
        return self.env["stock.lot"].search(domain)

    def _find_lots_by_supplier_lot(self):
        """Our lots received under the supplier's lot number (of the supplier, if given)."""
        self.ensure_one()
        if not self.supplier_lot_name:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: enter the supplier's lot number the recall starts from.",
                    recall=self.name,
                )
            )
        lots = self.env["stock.lot"].search(
            [
                ("company_id", "in", (self.company_id.id, False)),
                ("supplier_lot_name", "=ilike", self.supplier_lot_name.strip()),
            ]
        )
        if not self.supplier_id or not lots:
            return lots
        # the supplier's lots: named its supplier, or received from it
        supplier = self.supplier_id.commercial_partner_id
        received = (
            self.env["stock.move.line"]
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("picking_id.partner_id", "child_of", supplier.id),
                ]
            )
            .lot_id
        )
        return lots.filtered(
            lambda lot: lot in received or lot.supplier_id.commercial_partner_id == supplier
        )

    def _find_suspect_lots(self):
        """The suspect lots of the recall's criteria (production dates, or supplier lot)."""
        self.ensure_one()
        if self.suspect_mode == "supplier_lot":
            return self._find_lots_by_supplier_lot()
        return self._find_lots_by_production_date()

    def _get_no_lot_found_message(self):
        self.ensure_one()
        if self.suspect_mode == "supplier_lot":
            return self.env._(
                "Recall %(recall)s: no lot was received under the supplier's lot number"
                " %(supplier_lot)s.",
                recall=self.name,
                supplier_lot=self.supplier_lot_name,
            )
        if not self.product_id:
            return self.env._(
                "Recall %(recall)s: no lot was produced on %(line)s, shift %(shift)s, between"
                " %(start)s and %(end)s.",
                recall=self.name,
                line=self.production_line_id.display_name or "…",
                shift=self.shift or "…",
                start=self.production_date_from or "…",
                end=self.production_date_to or "…",
            )
        return self.env._(
            "Recall %(recall)s: no lot of %(product)s was produced between %(start)s and %(end)s.",
            recall=self.name,
            product=self.product_id.display_name,
            start=self.production_date_from or "…",
            end=self.production_date_to or "…",
        )

    # ------------------------------------------------------------------
    # Affected set
    # ------------------------------------------------------------------
    def _compute_affected_set(self):
        """Replace the snapshot of the affected set by a fresh one computed by the genealogy
        engine, keeping what was known before in the chatter."""
        self.ensure_one()
        previous = self._get_snapshot_summary() if self.affected_date else None
        notified = {
            customer.partner_id.id: customer._get_notification_values()
            for customer in self.customer_ids
        }
        held = {
            onhand.lot_id.id: onhand.held_date for onhand in self.onhand_ids if onhand.held_date
        }
        stopped = {
            shipment.move_line_id.id: shipment.stopped_date
            for shipment in self.shipment_ids
            if shipment.stopped_date
        }
        snapshot = self._get_affected_set()
        suppliers_notified = {
            receipt.partner_id.id: receipt.notified_date
            for receipt in self.supplier_receipt_ids
            if receipt.notified_date
        }
        self.supplier_receipt_ids.unlink()
        self.delivery_ids.unlink()
        self.customer_ids.unlink()
        self.affected_lot_ids.unlink()
        self.onhand_ids.unlink()
        self.shipment_ids.unlink()
        self._check_editable()
        self._create_snapshot_lines(
            "stock.lot.recall.lot", [dict(vals, recall_id=self.id) for vals in snapshot["lots"]]
        )
        deliveries_by_customer = [
            customer_vals.pop("deliveries") for customer_vals in snapshot["customers"]
        ]
        customers = self.env["stock.lot.recall.customer"].create(
            [
                dict(
                    customer_vals,
                    recall_id=self.id,
                    **notified.get(customer_vals["partner_id"], {}),
                )
                for customer_vals in snapshot["customers"]
            ]
        )
        self._create_snapshot_lines(
            "stock.lot.recall.delivery",
            [
                dict(vals, recall_id=self.id, customer_id=customer.id)
                for customer, deliveries in zip(customers, deliveries_by_customer, strict=True)
                for vals in deliveries
            ],
        )
        self._create_snapshot_lines(
            "stock.lot.recall.onhand",
            [
                dict(vals, recall_id=self.id, held_date=held.get(vals["lot_id"], False))
                for vals in snapshot["on_hand"]
            ],
        )
        self._create_snapshot_lines(
            "stock.lot.recall.shipment",
            [
                dict(
                    vals,
                    recall_id=self.id,
                    stopped_date=stopped.get(vals["move_line_id"], False),
                )
                for vals in snapshot["shipments"]
            ],
        )
        # a few vendor receipts: the ORM's create
        self.env["stock.lot.recall.supplier.receipt"].create(
            [
                dict(
                    vals,
                    recall_id=self.id,
                    notified_date=suppliers_notified.get(vals["partner_id"], False),
                )
                for vals in self._get_supplier_receipts()
            ]
        )
        self._write_milestones({"affected_date": fields.Datetime.now()})
        current = self._get_snapshot_summary()
        if previous is None:
            body = Markup("<p>%s</p>%s") % (
                self.env._("Affected set computed."),
                self._format_summary(current),
            )
        else:
            body = Markup("<p>%s</p>%s<p>%s</p>%s") % (
                self.env._("Affected set recomputed. Now:"),
                self._format_summary(current),
                self.env._(
                    "Previously known (computed on %(date)s):",
                    date=format_datetime(self.env, previous["date"], dt_format=False),
                ),
                self._format_summary(previous),
            )
        self.message_post(body=body)

    def _get_supplier_receipts(self):
        """The supplier side, one step back: the vendor receipts (done lines from a supplier
        location) of the suspect lots and of their upstream lots, as values of
        ``stock.lot.recall.supplier.receipt`` (vendor = the receipt's commercial partner,
        else the lot's supplier). Seen from the recall's company only."""
        self.ensure_one()
        suspects = self._get_walk_suspects()
        lots = suspects._get_upstream_lots() if suspects else suspects
        lines = (
            self.env["stock.move.line"]
            .with_context(allowed_company_ids=self.company_id.ids)
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("company_id", "=", self.company_id.id),
                ],
                order="date, id",
            )
        )
        return [
            {
                "partner_id": (
                    line.picking_id.partner_id.commercial_partner_id or line.lot_id.supplier_id
                ).id,
                "lot_id": line.lot_id.id,
                "supplier_lot_name": line.lot_id.supplier_lot_name or False,
                "suspect": line.lot_id in suspects,
                "quantity": line.quantity_product_uom,
                "uom_id": line.product_id.uom_id.id,
                "date": line.date,
                "picking_id": line.picking_id.id,
            }
            for line in lines
        ]

    @api.depends("supplier_receipt_ids.partner_id")
    def _compute_supplier_count(self):
        for recall in self:
            recall.supplier_count = len(recall.supplier_receipt_ids.partner_id)

    def action_notify_suppliers(self):
        """Email each vendor of the supplier side one notice listing the lots it supplied
        (simulated for a mock recall). Refuses, sending nothing, when a vendor has no email
        address or there is no vendor to notify."""
        self._check_open(self.env._("notifying suppliers"))
        template = self.env.ref("lot_traceability.mail_template_recall_supplier")
        for recall in self:
            receipts = recall.supplier_receipt_ids.filtered(
                lambda receipt: receipt.partner_id and not receipt.notified_date
            )
            if not receipts:
                raise UserError(
                    self.env._("Recall %(recall)s: no supplier left to notify.", recall=recall.name)
                )
            vendors = receipts.partner_id
            no_email = vendors.filtered(lambda vendor: not vendor.email)
            if no_email and not recall.is_exercise:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: %(vendors)s has no email address; nothing was sent."
                        " Add the address, or tell the supplier otherwise.",
                        recall=recall.name,
                        vendors=", ".join(no_email.mapped("display_name")),
                    )
                )
            for vendor in vendors:
                if not recall.is_exercise:
                    template.with_context(lt_supplier_id=vendor.id).send_mail(
                        recall.id,
                        force_send=False,
                        email_values={"recipient_ids": [Command.set(vendor.ids)]},
                    )
            receipts.write({"notified_date": fields.Datetime.now()})
            names = ", ".join(vendors.mapped("display_name"))
            recall.message_post(
                body=self.env._(
                    "Suppliers notified (simulated, mock recall): %(vendors)s", vendors=names
                )
                if recall.is_exercise
                else self.env._("Suppliers notified: %(vendors)s", vendors=names)
            )
        return True

    def _create_snapshot_lines(self, model_name, vals_list):
        """Create the snapshot lines ``vals_list`` of ``model_name`` with one INSERT per set of
        given fields (:func:`..orm_bypass.sql_create.sql_create_by_keys`; a hub lot's recall has
        180,000 deliveries, 40 s through the ORM create). The lines' own ``create`` only
        checks that the recall is editable: the caller has checked it."""
        return sql_create_by_keys(
            self.env[model_name], vals_list, skip_classes=(TraceabilityRecallLineMixin,)
        )

    def _get_walk_suspects(self):
        """The suspect lots, seen from the recall's company only: the genealogy engine applies
        the record rules, so lots, moves and stock of other companies stay out of the recall."""
        self.ensure_one()
        return self.suspect_lot_ids.with_context(allowed_company_ids=self.company_id.ids)

    def _get_affected_set(self):
        """Ask the genealogy engine what the suspect lots touched.

        Returns a dict of value lists ready to create the snapshot lines: ``lots``,
        ``customers`` (each with its ``deliveries``), ``on_hand`` and ``shipments``.
        """
        self.ensure_one()
        suspects = self._get_walk_suspects()
        Lot = suspects.env["stock.lot"]
        links = suspects._get_genealogy_links(direction="downstream")
        reached = {lot.id: (0, lot.id) for lot in suspects}
        for link in sorted(links, key=lambda row: (row["depth"], row["root_lot_id"])):
            reached.setdefault(link["lot_id"], (link["depth"], link["root_lot_id"]))
        lots = Lot.browse(list(reached))
        # records sharing one prefetch set: a lot's product is read with a thousand others,
        # not in a query of its own (a hub lot's recall reaches 30,000 lots)
        lot_by_id = {lot.id: lot for lot in lots}

        def lot_of(lot_id):
            return lot_by_id.get(lot_id) or Lot.browse(lot_id)

        impact = suspects._get_downstream_impact(["deliveries", "on_hand", "shipments"])
        deliveries, on_hand = impact["deliveries"], impact["on_hand"]
        shipments = impact["shipments"]

        delivered = defaultdict(float)
        delivery_vals = defaultdict(list)
        for row in sorted(deliveries, key=lambda row: (row["date"], row["move_line_id"])):
            lot = lot_of(row["lot_id"])
            quantity = self._to_product_uom(row["quantity"], row["uom_id"], lot.product_id)
            delivered[lot.id] += quantity
            delivery_vals[row["commercial_partner_id"] or False].append(
                {
                    "lot_id": lot.id,
                    "move_line_id": row["move_line_id"],
                    "picking_id": row["picking_id"],
                    "address_id": row["partner_id"],
                    "date": row["date"],
                    "quantity": quantity,
                }
            )
        on_hand_qty = defaultdict(float)
        on_hand_vals = []
        for row in on_hand:
            lot = lot_of(row["lot_id"])
            quantity = self._to_product_uom(row["quantity"], row["uom_id"], lot.product_id)
            on_hand_qty[lot.id] += quantity
            on_hand_vals.append(
                {"lot_id": lot.id, "location_id": row["location_id"], "quantity": quantity}
            )
        flows = self._get_lot_flows(lots, self.company_id)
        lot_vals = []
        for lot in lots:
            depth, root_id = reached[lot.id]
            lot_flows = flows[lot.id]
            lot_vals.append(
                {
                    "lot_id": lot.id,
                    "depth": depth,
                    "suspect_lot_id": root_id,
                    "qty_in": lot_flows["in"],
                    "qty_consumed": lot_flows["consumed"],
                    "qty_delivered": delivered[lot.id],
                    "qty_returned": lot_flows["returned"],
                    "qty_on_hand": on_hand_qty[lot.id],
                    "qty_scrapped": lot_flows["scrapped"],
                    "qty_inventory_loss": lot_flows["inventory_loss"],
                }
            )
        customer_vals = []
        for partner_id, rows in delivery_vals.items():
            customer_vals.append(
                {
                    "partner_id": partner_id,
                    "address_ids": [
                        Command.set(list({row["address_id"] for row in rows if row["address_id"]}))
                    ],
                    "deliveries": rows,
                }
            )
        shipment_vals = [
            {
                "move_line_id": row["move_line_id"],
                "picking_id": row["picking_id"],
                "address_id": row["partner_id"],
                "lot_id": row["lot_id"],
                "date": row["date"],
                "quantity": self._to_product_uom(
                    row["quantity"], row["uom_id"], lot_of(row["lot_id"]).product_id
                ),
            }
            for row in shipments
        ]
        return {
            "lots": lot_vals,
            "customers": customer_vals,
            "on_hand": on_hand_vals,
            "shipments": shipment_vals,
        }

    @api.model
    def _to_product_uom(self, quantity, uom_id, product):
        uom = self.env["uom.uom"].browse(uom_id)
        if not uom or uom == product.uom_id:
            return quantity
        return uom._compute_quantity(quantity, product.uom_id, round=False)

    @api.model
    def _get_lot_flows(self, lots, company=None):
        """Quantities of done moves of ``lots`` (in each product's UoM) by fate, for the mass
        balance: ``in`` (received from suppliers, produced or found by an inventory
        adjustment), ``consumed`` (into manufacturing orders), ``returned`` (to suppliers),
        ``scrapped`` and ``inventory_loss`` (written off by inventory adjustments). Deliveries
        and on-hand quantities come from the genealogy engine.
        ``company``: count only its moves (a lot without company may move in several
        companies; the recall's deliveries and on-hand quantities are its company's)."""
        flows = defaultdict(lambda: defaultdict(float))
        if not lots:
            return flows
        domain = [("lot_id", "in", lots.ids), ("state", "=", "done")]
        if company:
            domain.append(("company_id", "=", company.id))
        groups = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                domain,
                ["lot_id", "location_id", "location_dest_id"],
                ["quantity_product_uom:sum"],
            )
        )
        inside = ("internal", "transit")
        for lot, source, destination, quantity in groups:
            if source.usage in inside and destination.usage in inside:
                continue
            if destination.usage in inside:
                if source.scrap_location:
                    flows[lot.id]["scrapped"] -= quantity
                elif source.usage in ("supplier", "production", "inventory"):
                    flows[lot.id]["in"] += quantity
            elif source.usage in inside:
                if destination.scrap_location:
                    flows[lot.id]["scrapped"] += quantity
                elif destination.usage == "production":
                    flows[lot.id]["consumed"] += quantity
                elif destination.usage == "supplier":
                    flows[lot.id]["returned"] += quantity
                elif destination.usage == "inventory":
                    flows[lot.id]["inventory_loss"] += quantity
        return flows

    def _get_snapshot_summary(self):
        self.ensure_one()
        return {
            "date": self.affected_date,
            "lots": self.affected_lot_count,
            "customers": self.customer_count,
            "deliveries": self.delivery_count,
            "on_hand": self.onhand_count,
            "shipments": self.shipment_count,
            "unaccounted": self.unaccounted_summary or self.env._("none"),
        }

    def _format_summary(self, summary):
        items = [
            self.env._("Affected lots: %(count)s", count=summary["lots"]),
            self.env._("Customers: %(count)s", count=summary["customers"]),
            self.env._("Deliveries: %(count)s", count=summary["deliveries"]),
            self.env._("On-hand quantities: %(count)s", count=summary["on_hand"]),
            self.env._("Shipments to stop: %(count)s", count=summary["shipments"]),
            self.env._("Unaccounted: %(summary)s", summary=summary["unaccounted"]),
        ]
        return self._format_list(items)

    @api.model
    def _format_list(self, items):
        return Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % item for item in items)

    # ------------------------------------------------------------------
    # Hold stock
    # ------------------------------------------------------------------
    def _hold_stock(self):
        self.ensure_one()
        if not self.affected_date:
            raise UserError(
                self.env._("Recall %(recall)s: compute the affected set first.", recall=self.name)
            )
        self._check_on_hand_still_there()
        lots = self.affected_lot_ids.lot_id.filtered(lambda lot: lot.trace_status != "recalled")
        shipment_lines = self._get_live_shipment_lines()
        to_move = self._get_quantities_to_quarantine()
        if to_move and not self.quarantine_location_id:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: choose the quarantine location to move the on-hand "
                    "quantities to, or untick Move to Quarantine.",
                    recall=self.name,
                )
            )
        now = fields.Datetime.now()
        if self.is_exercise:
            items = [
                self.env._(
                    "Would set %(count)s lots to recalled: %(lots)s",
                    count=len(lots),
                    lots=", ".join(lots.mapped("name")) or self.env._("none"),
                ),
                self.env._(
                    "Would unreserve %(count)s shipment lines: %(pickings)s",
                    count=len(shipment_lines),
                    pickings=", ".join(shipment_lines.picking_id.mapped("name"))
                    or self.env._("none"),
                ),
                self.env._(
                    "Would move %(count)s on-hand quantities to %(location)s",
                    count=len(to_move),
                    location=self.quarantine_location_id.display_name or self.env._("no location"),
                ),
            ]
            self.onhand_ids.filtered(lambda o: not o.held_date).held_date = now
            self.shipment_ids.filtered(lambda s: not s.stopped_date).stopped_date = now
            self.held_date = now
            self.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._("Exercise: Hold Stock simulated, nothing changed."),
                    self._format_list(items),
                )
            )
            return
        pickings = shipment_lines.picking_id
        shipment_lines.unlink()
        for picking in pickings:
            picking.message_post(
                body=self.env._(
                    "Reservation of recalled lots removed by recall %(recall)s.",
                    recall=self.name,
                )
            )
        picking = self._move_to_quarantine(to_move) if to_move else self.env["stock.picking"]
        lots.write(
            {
                "trace_status": "recalled",
                "trace_status_reason": self.env._(
                    "Recall %(recall)s: %(reason)s", recall=self.name, reason=self.reason
                ),
            }
        )
        # e.g. manufacturing orders that reserved an affected lot as a component
        lots._unreserve_refused_operations()
        self.onhand_ids.filtered(lambda o: not o.held_date).held_date = now
        self.shipment_ids.filtered(lambda s: not s.stopped_date).stopped_date = now
        self.write({"held_date": now, "quarantine_picking_id": picking.id or False})
        if picking:
            # The snapshot follows the stock to the quarantine location.
            to_move.location_id = self.quarantine_location_id
        items = [
            self.env._(
                "%(count)s lots set to recalled: %(lots)s",
                count=len(lots),
                lots=", ".join(lots.mapped("name")) or self.env._("none"),
            ),
            self.env._(
                "%(count)s shipment lines unreserved: %(pickings)s",
                count=len(shipment_lines),
                pickings=", ".join(pickings.mapped("name")) or self.env._("none"),
            ),
            self.env._(
                "Quarantine transfer: %(picking)s",
                picking=picking.name or self.env._("none"),
            ),
        ]
        self.message_post(
            body=Markup("<p>%s</p>%s") % (self.env._("Stock held."), self._format_list(items))
        )

    def _check_on_hand_still_there(self):
        """Refuse to hold when on-hand quantities of the snapshot were consumed, delivered or
        moved since it was computed: the recall would hold stock that is no longer there."""
        self.ensure_one()
        live = defaultdict(float)
        for row in self._get_walk_suspects()._get_downstream_on_hand():
            lot = self.env["stock.lot"].browse(row["lot_id"])
            live[row["lot_id"], row["location_id"]] += self._to_product_uom(
                row["quantity"], row["uom_id"], lot.product_id
            )
        gone = []
        for onhand in self.onhand_ids.filtered(lambda o: not o.held_date):
            now_there = live[onhand.lot_id.id, onhand.location_id.id]
            if (
                float_compare(now_there, onhand.quantity, precision_rounding=onhand.uom_id.rounding)
                < 0
            ):
                gone.append(
                    self.env._(
                        "%(lot)s at %(location)s: %(snapshot)s %(uom)s in the affected set, "
                        "%(now)s now",
                        lot=onhand.lot_id.name,
                        location=onhand.location_id.display_name,
                        snapshot=onhand.quantity,
                        now=float_round(now_there, precision_rounding=onhand.uom_id.rounding),
                        uom=onhand.uom_id.name,
                    )
                )
        if gone:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: some on-hand stock of the affected set was consumed, "
                    "delivered or moved since it was computed on %(date)s, nothing was held. "
                    "Recompute the affected set, then hold again.\n%(lines)s",
                    recall=self.name,
                    date=format_datetime(self.env, self.affected_date, dt_format=False),
                    lines="\n".join(gone),
                )
            )

    def _get_live_shipment_lines(self):
        self.ensure_one()
        rows = self._get_walk_suspects()._get_shipments_to_stop()
        return (
            self.env["stock.move.line"]
            .browse({row["move_line_id"] for row in rows})
            .filtered(lambda line: line.state not in ("done", "cancel"))
        )

    def _get_quantities_to_quarantine(self):
        """On-hand lines not held yet and not already in the quarantine location."""
        self.ensure_one()
        if not self.quarantine_move:
            return self.env["stock.lot.recall.onhand"]
        quarantine = self.quarantine_location_id
        return self.onhand_ids.filtered(
            lambda o: not o.held_date
            and float_compare(o.quantity, 0.0, precision_rounding=o.uom_id.rounding) > 0
            and not (quarantine and o.location_id._child_of(quarantine))
        )

    def _prepare_quarantine_picking_vals(self, onhands):
        self.ensure_one()
        destination = self.quarantine_location_id
        picking_type = destination.warehouse_id.int_type_id or self.env[
            "stock.picking.type"
        ].search(
            [("code", "=", "internal"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        if not picking_type:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: no internal transfer operation type in %(company)s to "
                    "move the stock to quarantine.",
                    recall=self.name,
                    company=self.company_id.name,
                )
            )
        return {
            "picking_type_id": picking_type.id,
            "location_id": onhands[0].location_id.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(self._prepare_quarantine_move_vals(onhand, picking_type))
                for onhand in onhands
            ],
        }

    def _prepare_quarantine_move_vals(self, onhand, picking_type):
        return {
            "name": self.name,
            "product_id": onhand.product_id.id,
            "product_uom": onhand.uom_id.id,
            "product_uom_qty": onhand.quantity,
            "location_id": onhand.location_id.id,
            "location_dest_id": self.quarantine_location_id.id,
            "picking_type_id": picking_type.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": onhand.product_id.id,
                        "product_uom_id": onhand.uom_id.id,
                        "lot_id": onhand.lot_id.id,
                        "location_id": onhand.location_id.id,
                        "location_dest_id": self.quarantine_location_id.id,
                        "quantity": onhand.quantity,
                        "picked": True,
                    }
                )
            ],
        }

    def _move_to_quarantine(self, onhands):
        """Move ``onhands`` to the quarantine location in ONE internal transfer, validated."""
        self.ensure_one()
        picking = self.env["stock.picking"].create(self._prepare_quarantine_picking_vals(onhands))
        picking.action_confirm()
        picking.with_context(skip_backorder=True, cancel_backorder=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Recall %(recall)s: the quarantine transfer %(picking)s could not be "
                    "validated.",
                    recall=self.name,
                    picking=picking.name,
                )
            )
        return picking

    # ------------------------------------------------------------------
    # Report completion and closing
    # ------------------------------------------------------------------
    def _mark_report_completed(self):
        self.ensure_one()
        if self.report_completed_date:
            return
        self._write_milestones({"report_completed_date": fields.Datetime.now()})
        self.message_post(
            body=self.env._(
                "Report completed %(hours).2f hours after opening; %(share).1f%% of the "
                "suspect quantity accounted for.",
                hours=self.report_duration,
                share=self.accounted_share,
            )
        )

    def _check_can_close(self):
        self.ensure_one()
        problems = []
        not_notified = self.customer_ids.filtered(lambda c: not c.notified_date)
        if not_notified:
            problems.append(
                self.env._(
                    "customers not notified: %(customers)s",
                    customers=", ".join(not_notified.mapped("display_name")),
                )
            )
        not_held = self.onhand_ids.filtered(lambda o: not o.held)
        if not_held:
            problems.append(
                self.env._(
                    "on-hand quantities not held: %(lots)s",
                    lots=", ".join(
                        f"{o.lot_id.name} ({o.location_id.display_name})" for o in not_held
                    ),
                )
            )
        if problems:
            raise UserError(
                self.env._(
                    "Recall %(recall)s cannot be closed yet: %(problems)s.",
                    recall=self.name,
                    problems="; ".join(problems),
                )
            )

    # ------------------------------------------------------------------
    # Scheduled status digest
    # ------------------------------------------------------------------
    def _get_digest_recipients(self):
        self.ensure_one()
        return self.responsible_id.partner_id | self.message_partner_ids

    @api.model
    def _cron_send_status_digest(self):
        """Queue one status digest email per open recall to its responsible and followers."""
        template = self.env.ref("lot_traceability.mail_template_recall_digest")
        for recall in self.search([("state", "=", "open")]):
            partners = recall._get_digest_recipients().filtered("email")
            if not partners:
                continue
            template.send_mail(
                recall.id,
                force_send=False,
                email_values={"recipient_ids": [Command.set(partners.ids)]},
            )
            recall.message_post(
                body=self.env._(
                    "Status digest queued for %(recipients)s.",
                    recipients=", ".join(partners.mapped("name")),
                )
            )
        return True
