# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestExpiryHolds(GenealogyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour.use_expiration_date = True
        cls.now = fields.Datetime.now()

    def _lot(self, name, quantity=10, days=-1, **vals):
        return self._create_lot(
            self.flour,
            name,
            quantity,
            expiration_date=self.now + timedelta(days=days),
            **vals,
        )

    def _cron(self):
        return self.env["stock.lot"]._cron_hold_expired_lots()

    def test_lots_past_expiry_are_held_the_next_morning(self):
        expired = self._lot("EXP-1", days=-1)
        fresh = self._lot("EXP-2", days=3)
        gone = self._lot("EXP-3", quantity=0, days=-1)
        quarantined = self._lot("EXP-4", days=-1)
        quarantined.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        held = self._cron()
        self.assertEqual(held & (expired | fresh | gone | quarantined), expired)
        self.assertEqual(
            (expired.trace_status, expired.trace_status_reason), ("blocked", "Expired")
        )
        self.assertEqual(fresh.trace_status, "available")
        self.assertEqual(gone.trace_status, "available", "no stock left: nothing to hold")
        self.assertEqual(quarantined.trace_status_reason, "Lab test", "a hold is kept")
        self.assertFalse(self._cron(), "the next run has nothing more to do")
        self.assertEqual(expired.trace_status, "blocked")

    def test_removal_date_per_setting(self):
        lot = self._lot("EXP-5", days=10, removal_date=self.now - timedelta(days=1))
        self.assertNotIn(lot, self._cron())
        self.assertEqual(lot.trace_status, "available")
        self.env.company.trace_expiry_hold_date = "removal_date"
        self.assertIn(lot, self._cron())
        self.assertEqual(lot.trace_status, "blocked")

    def test_expired_lot_leaves_the_delivery_that_reserved_it(self):
        lot = self._lot("EXP-6", days=-1)
        delivery = self._deliver(lot, 4, self.bistro, validate=False)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        self._cron()
        self.assertFalse(delivery.move_line_ids.filtered(lambda line: line.lot_id == lot))


@tagged("post_install", "-at_install")
class TestExpiryDigest(GenealogyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour.use_expiration_date = True
        now = fields.Datetime.now()
        # warehouses of their own: the demo data has lots expiring in the main one
        cls.south_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Depot South", "code": "DSO"}
        )
        south = cls.south_warehouse.lot_stock_id
        cls.soon = cls._create_lot(
            cls.flour, "DIG-SOON", 12, south, expiration_date=now + timedelta(days=5)
        )
        cls.expired = cls._create_lot(
            cls.flour, "DIG-EXPIRED", 3, south, expiration_date=now - timedelta(days=2)
        )
        cls.later = cls._create_lot(
            cls.flour, "DIG-LATER", 7, south, expiration_date=now + timedelta(days=90)
        )
        cls.other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Depot North", "code": "DNO"}
        )
        cls.depot_lot = cls._create_lot(
            cls.flour,
            "DIG-DEPOT",
            5,
            location=cls.other_warehouse.lot_stock_id,
            expiration_date=now + timedelta(days=10),
        )
        cls.planner = cls.env["res.partner"].create(
            {"name": "Stock Planner", "email": "planner@example.com"}
        )
        cls.digest = cls.env["stock.lot.expiry.digest"].create(
            {
                "name": "Flour expiry",
                "days": 30,
                "partner_ids": [(6, 0, cls.planner.ids)],
                "warehouse_ids": [(6, 0, (cls.south_warehouse | cls.other_warehouse).ids)],
            }
        )

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "stock.lot.expiry.digest"), ("res_id", "=", self.digest.id)]
        )

    def test_digest_lists_lots_per_warehouse_with_quantities(self):
        groups = {
            group["warehouse"]: [(line["lot"], line["quantity"]) for line in group["lines"]]
            for group in self.digest.get_expiring_lines()
        }
        self.assertEqual(
            groups,
            {
                "Depot South": [("DIG-EXPIRED", 3), ("DIG-SOON", 12)],
                "Depot North": [("DIG-DEPOT", 5)],
            },
        )

    def test_cron_emails_the_subscribers(self):
        self.env["stock.lot.expiry.digest"]._cron_send_expiry_digests()
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.planner)
        self.assertIn("Flour expiry: lots expiring within 30 days", mail.subject)
        for text in ("Depot North", "DIG-SOON", "DIG-EXPIRED", "(expired)", "DIG-DEPOT"):
            self.assertIn(text, mail.body_html)
        self.assertNotIn("DIG-LATER", mail.body_html)

    def test_digest_of_one_warehouse(self):
        self.digest.warehouse_ids = self.other_warehouse
        lots = [
            line["lot"] for group in self.digest.get_expiring_lines() for line in group["lines"]
        ]
        self.assertEqual(lots, ["DIG-DEPOT"])

    def test_no_email_without_a_subscriber_email_nor_for_nothing(self):
        self.planner.email = False
        self.digest.action_send_now()
        self.assertFalse(self._mails())
        self.planner.email = "planner@example.com"
        self.digest.days = 0
        self.digest.warehouse_ids = self.other_warehouse
        self.digest.action_send_now()
        self.assertFalse(self._mails(), "nothing expiring: no email")

    def test_refuse_negative_days(self):
        with self.assertRaisesRegex(ValidationError, "looks -3 days ahead"):
            self.digest.days = -3
