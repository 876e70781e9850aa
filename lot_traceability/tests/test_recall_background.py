# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Large recalls opened, held and notified in the background: the request queues the work
(the form shows it in progress), the scheduler's job (run by hand here) does it as the user
who asked, and the responsible gets an activity."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallBackground(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("lot_traceability.ir_cron_recall_background")
        cls.Param = cls.env["ir.config_parameter"].sudo()

    def _set_thresholds(self, lots="0", rows="0"):
        self.Param.set_param("lot_traceability.recall_background_lots", lots)
        self.Param.set_param("lot_traceability.recall_background_rows", rows)

    def _todo(self, recall):
        return recall.activity_ids.filtered(lambda a: a.user_id == self.trace_manager)

    def test_small_recall_opens_at_once(self):
        self._set_thresholds(lots="1000")
        recall = self._open_recall()
        self.assertFalse(recall.background_job)
        self.assertTrue(recall.affected_date)
        self.assertTrue(recall.affected_lot_ids)

    def test_large_recall_opens_in_background(self):
        # the walk of FLOUR-BAD reaches 6 lots
        self._set_thresholds(lots="6")
        recall = self._create_recall()
        triggers_before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        recall.action_open()
        self.assertEqual(recall.state, "open")
        self.assertEqual(recall.background_job, "affected_set")
        self.assertEqual(recall.background_user_id, self.env.user)
        self.assertFalse(recall.affected_date)
        self.assertFalse(recall.affected_lot_ids)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers_before + 1,
        )
        with self.assertRaisesRegex(UserError, "already in progress"):
            recall.action_recompute()
        self.env["stock.lot.recall"]._cron_run_background_jobs()
        self.assertFalse(recall.background_job)
        self.assertTrue(recall.affected_date)
        self.assertEqual(recall.affected_lot_count, 6)
        self.assertEqual(recall.delivery_count, 4)
        todo = self._todo(recall)
        self.assertEqual(len(todo), 1)
        self.assertIn("done", todo.summary)

    def test_nothing_exported_or_closed_while_computing(self):
        self._set_thresholds(lots="6")
        recall = self._create_recall()
        recall.action_open()
        self.assertEqual(recall.background_job, "affected_set")
        attachments = self.env["ir.attachment"].search_count([])
        for action in ("action_export_xlsx", "action_complete_report", "action_close"):
            with self.assertRaisesRegex(UserError, "being computed in the background"):
                getattr(recall, action)()
        with self.assertRaisesRegex(UserError, "printing it is possible when it is done"):
            self.env["report.lot_traceability.report_recall"]._get_report_values(recall.ids)
        self.assertEqual(recall.state, "open")
        self.assertFalse(recall.report_completed_date)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.env["stock.lot.recall"]._cron_run_background_jobs()
        self.assertTrue(recall.action_export_xlsx())

    def test_hold_stock_in_background(self):
        recall = self._open_recall()
        self._set_thresholds(rows="2")
        recall.action_hold_stock()
        self.assertEqual(recall.background_job, "hold")
        self.assertFalse(recall.held_date)
        self.assertEqual(self.tray_1.trace_status, "available")
        self.env["stock.lot.recall"]._cron_run_background_jobs()
        self.assertFalse(recall.background_job)
        self.assertTrue(recall.held_date)
        self.assertEqual(self.tray_1.trace_status, "recalled")
        self.assertTrue(self._todo(recall))

    def test_notify_in_background(self):
        recall = self._open_recall()
        self._set_thresholds(rows="2")
        recall.action_notify_customers()
        self.assertEqual(recall.background_job, "notify")
        self.assertEqual(recall.customer_to_notify_count, 2)
        self.env["stock.lot.recall"]._cron_run_background_jobs()
        self.assertEqual(recall.customer_to_notify_count, 0)

    def test_failure_reported_and_rolled_back(self):
        recall = self._open_recall(quarantine_location_id=False)
        self._set_thresholds(rows="2")
        recall.action_hold_stock()
        self.env["stock.lot.recall"]._cron_run_background_jobs()
        self.assertFalse(recall.background_job)
        self.assertFalse(recall.held_date)
        self.assertEqual(self.tray_1.trace_status, "available")
        self.assertIn("failed", self._todo(recall).summary)

    def test_background_fields_not_written_directly(self):
        recall = self._create_recall()
        with self.assertRaisesRegex(AccessError, "set by its actions"):
            recall.with_user(self.trace_manager).write({"background_job": "hold"})
