# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields
from odoo.tests import tagged

from .common_demo import DemoCase


@tagged("post_install", "-at_install")
class TestDemoRelease(DemoCase):
    """Issue #19 on the demo: a flour receipt lands in quarantine and is released with a
    certificate of analysis; a lot past expiry is on hold the next morning; splitting the
    cookie batch twice never gives two lots one name."""

    def test_flour_receipt_released_with_a_certificate(self):
        lot = self._ref("lot_flour_release_demo")
        self.assertEqual(
            (lot.trace_status, lot.trace_status_reason), ("quarantine", "Awaiting release")
        )
        self.assertIn(lot, self.env["stock.lot"].search([("awaiting_release_since", "!=", False)]))
        coa = self.env["ir.attachment"].create(
            {"name": "CoA W-1187.pdf", "datas": base64.b64encode(b"%PDF-1.4 CoA")}
        )
        self.env["stock.lot.release.wizard"].create(
            {"lot_id": lot.id, "result": "pass", "attachment_ids": [fields.Command.set(coa.ids)]}
        ).action_confirm()
        self.assertEqual(lot.trace_status, "available")
        self.assertEqual(lot.inspection_ids.attachment_ids, coa)

    def test_lot_past_expiry_on_hold_the_next_morning(self):
        lot = self._ref("lot_butter_expired_demo")
        self.assertEqual(lot.trace_status, "available")
        self.env.ref("lot_traceability.ir_cron_hold_expired_lots").method_direct_trigger()
        self.assertEqual((lot.trace_status, lot.trace_status_reason), ("blocked", "Expired"))

    def test_splitting_the_cookie_batch_twice_never_duplicates_a_name(self):
        batch = self._ref("lot_cookie_batch_demo")
        tray = self._ref("product_cookie_tray_demo")
        names = []
        for vals in (
            {"unit_count": 2, "unit_quantity": 1},
            {"unit_product_id": tray.id, "unit_factor": 0.5, "unit_count": 2, "unit_quantity": 1},
        ):
            wizard = self.env["stock.lot.split.wizard"].create({"lot_id": batch.id, **vals})
            units = self.env["stock.lot"].search(wizard.action_split()["domain"])
            names += units.mapped("name")
        lots = self.env["stock.lot"].search([("name", "=like", f"{batch.name}-%")])
        self.assertEqual(len(lots), len(set(lots.mapped("name"))), "no name twice")
        for name in names:
            card = self.env["stock.lot.scanner"].get_lot_card(name)
            self.assertEqual(card.get("name"), name)
