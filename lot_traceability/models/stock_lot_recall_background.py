# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: large work done in the background, by Odoo's own scheduler.

Opening (or recomputing) a recall whose walk reaches many lots, holding the stock of many
on-hand quantities and shipments, notifying many customers: the request queues the job on
the recall (the form shows "computing" in a banner) and triggers the cron
``ir_cron_recall_background`` (``ir.cron._trigger``), which runs one recall per batch,
reporting its progress (``ir.cron._notify_progress``: the scheduler commits each batch and
calls again while some remain). The job runs as the user who asked for it (rights and record
rules apply), then posts the result on the recall and gives its responsible a to-do activity.

Thresholds (system parameters; 0 = never in the background):
``lot_traceability.recall_background_lots`` (lots reached by the walk, default 2,000) and
``lot_traceability.recall_background_rows`` (on-hand quantities and shipments to hold, or
customers to notify, default 1,000)."""

import logging

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

BACKGROUND_LOTS_PARAM = "lot_traceability.recall_background_lots"
BACKGROUND_ROWS_PARAM = "lot_traceability.recall_background_rows"
BACKGROUND_FIELDS = frozenset({"background_job", "background_user_id"})
#: Context value under which the scheduler's run does the work itself (an object no RPC
#: context can carry), and under which the background fields are written.
_IN_BACKGROUND = object()


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    background_job = fields.Selection(
        [
            ("affected_set", "Computing the affected set"),
            ("hold", "Holding stock"),
            ("notify", "Notifying customers"),
        ],
        string="In Progress",
        readonly=True,
        copy=False,
        help="Work queued on the scheduler: its responsible is notified when it is done.",
    )
    background_user_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, copy=False
    )

    def write(self, vals):
        if (
            BACKGROUND_FIELDS & set(vals)
            and not self.env.su
            and self.env.context.get("lot_traceability_recall_background") is not _IN_BACKGROUND
        ):
            raise AccessError(
                self.env._("The work in progress of a recall is set by its actions only.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # When to go to the background
    # ------------------------------------------------------------------
    def _in_background(self):
        return self.env.context.get("lot_traceability_recall_background") is _IN_BACKGROUND

    def _get_background_threshold(self, param, default):
        value = self.env["ir.config_parameter"].sudo().get_param(param, default)
        try:
            return max(int(value), 0)
        except ValueError:
            return int(default)

    def _is_large_affected_set(self):
        """Whether the walk of the suspects reaches at least the lots threshold (one walk)."""
        self.ensure_one()
        threshold = self._get_background_threshold(BACKGROUND_LOTS_PARAM, 2000)
        suspects = self._get_walk_suspects()
        if not threshold or not suspects:
            return False
        if len(suspects) >= threshold:
            return True
        genealogy = suspects.env["stock.lot.genealogy"]
        genealogy._flush_genealogy()
        reached = genealogy._get_downstream_lot_ids(suspects, genealogy._get_walk_context())
        return len(reached) >= threshold

    def _is_large_rows(self, count):
        threshold = self._get_background_threshold(BACKGROUND_ROWS_PARAM, 1000)
        return bool(threshold) and count >= threshold

    def _queue_background(self, job):
        """Queue ``job`` on the recall and trigger the scheduler."""
        self.ensure_one()
        if self.background_job:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: %(job)s is already in progress; you will be notified"
                    " when it is done.",
                    recall=self.name,
                    job=self._get_background_job_label(),
                )
            )
        self.with_context(lot_traceability_recall_background=_IN_BACKGROUND).write(
            {"background_job": job, "background_user_id": self.env.uid}
        )
        self.message_post(
            body=self.env._(
                "%(job)s in the background (large recall); the responsible will be notified"
                " when it is done.",
                job=self._get_background_job_label(),
            )
        )
        self.env.ref("lot_traceability.ir_cron_recall_background").sudo()._trigger()

    def _get_background_job_label(self):
        self.ensure_one()
        return dict(self._fields["background_job"]._description_selection(self.env)).get(
            self.background_job, ""
        )

    # ------------------------------------------------------------------
    # The actions that may go to the background
    # ------------------------------------------------------------------
    def _compute_affected_set(self):
        if not self._in_background() and self._is_large_affected_set():
            return self._queue_background("affected_set")
        return super()._compute_affected_set()

    def _hold_stock(self):
        if not self._in_background() and self._is_large_rows(
            self.onhand_count + self.shipment_count
        ):
            if not self.affected_date:
                return super()._hold_stock()  # its own error
            return self._queue_background("hold")
        return super()._hold_stock()

    def action_notify_customers(self):
        if self._in_background():
            return super().action_notify_customers()
        self._check_open(self.env._("notifying customers"))
        small = self.browse()
        for recall in self:
            if recall._is_large_rows(recall.customer_to_notify_count):
                recall._queue_background("notify")
            else:
                small |= recall
        return super(StockLotRecall, small).action_notify_customers() if small else True

    # ------------------------------------------------------------------
    # What waits for the affected set
    # ------------------------------------------------------------------
    def _check_affected_set_ready(self, action):
        """Refuse ``action`` on a recall whose affected set is being computed in the
        background: its snapshot is empty or about to be replaced (an export would be of
        nothing, a closed recall could not be computed)."""
        for recall in self:
            if recall.background_job == "affected_set" and not recall._in_background():
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: its affected set is being computed in the"
                        " background; %(action)s is possible when it is done (its"
                        " responsible gets a to-do).",
                        recall=recall.name,
                        action=action,
                    )
                )

    def action_export_xlsx(self):
        self._check_affected_set_ready(self.env._("exporting it"))
        return super().action_export_xlsx()

    def action_complete_report(self):
        self._check_affected_set_ready(self.env._("completing the report"))
        return super().action_complete_report()

    def action_close(self):
        self._check_affected_set_ready(self.env._("closing it"))
        return super().action_close()

    # ------------------------------------------------------------------
    # The scheduler's side
    # ------------------------------------------------------------------
    def _cron_run_background_jobs(self):
        """Run the work queued on one recall, and report the progress to the scheduler
        (which commits and calls again while recalls remain)."""
        recalls = self.search([("background_job", "!=", False)], order="write_date, id")
        if not recalls:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        recalls[0]._run_background_job()
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(recalls) - 1)

    def _run_background_job(self):
        """Do the recall's queued work as the user who asked for it; post the outcome and
        give the responsible a to-do activity. A failure is rolled back and reported the
        same way (the job is not retried: the user asks again)."""
        self.ensure_one()
        job, label = self.background_job, self._get_background_job_label()
        user = self.background_user_id or self.responsible_id
        recall = self.with_user(user).with_context(
            lot_traceability_recall_background=_IN_BACKGROUND
        )
        error = None
        try:
            with self.env.cr.savepoint():
                if job == "affected_set":
                    recall._compute_affected_set()
                elif job == "hold":
                    recall._hold_stock()
                elif job == "notify":
                    recall.action_notify_customers()
        except (UserError, AccessError) as exc:
            error = exc.args[0] if exc.args else str(exc)
        self.invalidate_recordset()
        done = self.sudo().with_context(lot_traceability_recall_background=_IN_BACKGROUND)
        done.write({"background_job": False, "background_user_id": False})
        if error:
            summary = self.env._("%(job)s failed", job=label)
            note = error
        else:
            summary = self.env._("%(job)s: done", job=label)
            note = self.env._("Recall %(recall)s: %(job)s is done.", recall=self.name, job=label)
        done.message_post(body=f"{summary}. {note}" if error else note)
        done.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.responsible_id.id,
            summary=summary,
            note=note,
        )
        _logger.info("Recall %s: background %s %s", self.name, job, "failed" if error else "done")
