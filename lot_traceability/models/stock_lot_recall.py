# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recall: its fields, its state machine (draft, open, closed, cancelled) and the milestones
of its audit trail. Its features are small ``_inherit`` files beside it:

* ``stock_lot_recall_suspect.py``: the suspect lots (by product and production dates, or by a
  supplier's lot number);
* ``stock_lot_recall_snapshot.py``: the snapshot of the affected set (the genealogy engine's
  answer stored as the recall's lines, ``stock_lot_recall_<line>.py``);
* ``stock_lot_recall_hold.py``: Hold Stock and the quarantine transfer;
* ``stock_lot_recall_notify.py``: the customers' and suppliers' notices;
* ``stock_lot_recall_digest.py``: the scheduled status digest;
* ``stock_lot_recall_cost.py``: the cost of the affected stock.
"""

import base64

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero

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
#: its own actions only (:meth:`StockLotRecall._write_milestones`), never by a plain write,
#: RPC included.
MILESTONE_FIELDS = frozenset(
    {"state", "opened_date", "closed_date", "affected_date", "report_completed_date"}
)
#: Context value under which the recall's actions write :data:`MILESTONE_FIELDS`: an object no
#: RPC context can carry.
_MILESTONE_WRITE = object()


class StockLotRecall(models.Model):
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
        """Counts read by one grouped query per line model for stored recalls (not by loading
        a hub's 250,000 delivery ids), by the one2many of a new recall."""
        counts = self._get_line_counts()
        Lot = self.env["stock.lot.recall.lot"]
        for recall in self:
            if recall.id in counts:
                recall.update(counts[recall.id])
                unaccounted = (
                    Lot.sudo()
                    .search([("recall_id", "=", recall.id), ("is_unaccounted", "=", True)])
                    .with_env(self.env)
                )
            else:
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

    def _get_line_counts(self):
        """``{recall id: {count field: count}}`` of the stored recalls of self, one grouped
        query per line model."""
        stored = self.filtered("id")
        if not stored:
            return {}
        counts = {recall.id: {} for recall in stored}
        for field_name, model_name in (
            ("affected_lot_count", "stock.lot.recall.lot"),
            ("customer_count", "stock.lot.recall.customer"),
            ("delivery_count", "stock.lot.recall.delivery"),
            ("onhand_count", "stock.lot.recall.onhand"),
            ("shipment_count", "stock.lot.recall.shipment"),
        ):
            groups = dict(
                self.env[model_name]
                .sudo()
                ._read_group([("recall_id", "in", stored.ids)], ["recall_id"], ["__count"])
            )
            for recall in stored:
                counts[recall.id][field_name] = groups.get(recall, 0)
        return counts

    @api.depends(
        "customer_ids.notified_date", "onhand_ids.held", "onhand_ids.quantity", "is_exercise"
    )
    def _compute_open_work(self):
        """Counted by the database for stored recalls (the form of a hub reads no line),
        from the one2many of a new one."""
        Customer = self.env["stock.lot.recall.customer"]
        Onhand = self.env["stock.lot.recall.onhand"]
        for recall in self:
            if not recall.id:
                recall.customer_to_notify_count = len(
                    recall.customer_ids.filtered(lambda c: not c.notified_date)
                )
                recall.onhand_to_hold_count = len(recall.onhand_ids.filtered(lambda o: not o.held))
                continue
            recall.customer_to_notify_count = Customer.search_count(
                [("recall_id", "=", recall.id), ("notified_date", "=", False)]
            )
            # not held: never held, or (a real recall) its lot released since (onhand.held)
            not_held = [("held_date", "=", False)]
            if not recall.is_exercise:
                not_held = ["|", *not_held, ("lot_id.trace_status", "=", "available")]
            recall.onhand_to_hold_count = Onhand.search_count(
                [("recall_id", "=", recall.id), *not_held]
            )

    @api.depends("affected_lot_ids.qty_in", "affected_lot_ids.qty_unaccounted")
    def _compute_accounted_share(self):
        """Of the suspect lots (the lines of depth 0). A stored recall's are searched, as
        the counts are: filtered from ``affected_lot_ids``, a hub's 56,000 lot lines would be
        loaded for its one or two suspects. One search for the stored recalls of ``self``."""
        stored = self.filtered("id")
        suspects_by_recall = (
            self.env["stock.lot.recall.lot"]
            .search([("recall_id", "in", stored.ids), ("depth", "=", 0)])
            .grouped("recall_id")
            if stored
            else {}
        )
        for recall in self:
            if recall.id:
                suspects = suspects_by_recall.get(recall, self.env["stock.lot.recall.lot"])
            else:
                suspects = recall.affected_lot_ids.filtered(lambda line: line.depth == 0)
            quantity_in = sum(suspects.mapped("qty_in"))
            if float_is_zero(quantity_in, precision_digits=6):
                recall.accounted_share = 0.0
                continue
            unaccounted = sum(abs(q) for q in suspects.mapped("qty_unaccounted"))
            recall.accounted_share = max(0.0, 100.0 * (1.0 - unaccounted / quantity_in))

    @api.depends("supplier_receipt_ids.partner_id")
    def _compute_supplier_count(self):
        for recall in self:
            recall.supplier_count = len(recall.supplier_receipt_ids.partner_id)

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

    def action_view_deliveries(self):
        return self._action_view_lines("stock.lot.recall.delivery", self.env._("Deliveries"))

    def action_view_shipments(self):
        return self._action_view_lines("stock.lot.recall.shipment", self.env._("Shipments to Stop"))

    def action_view_unaccounted(self):
        action = self._action_view_lines(
            "stock.lot.recall.lot", self.env._("Unaccounted Quantities")
        )
        action["domain"] = [("recall_id", "=", self.id), ("is_unaccounted", "=", True)]
        return action

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
