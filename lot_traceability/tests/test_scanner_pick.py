# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_scanner_ops import ScannerOpsCommon


@tagged("post_install", "-at_install")
class TestScannerPick(ScannerOpsCommon):
    def _tray_label(self, lot):
        return f"(01){self.gtin_tray}(10){lot}"

    def _line(self, result):
        return self.env["stock.move.line"].browse(result["line_id"])

    def assertRefused(self, result, message):
        self.assertIn("error", result)
        self.assertIn(message, result["error"])

    def test_delivery_shows_what_to_pick_by_reservation_and_fefo(self):
        self.assertIn(self.delivery.id, [choice["id"] for choice in self.Pick.get_deliveries()])
        opened = self.Pick.open_delivery(self.delivery.name)
        (line,) = opened["lines"]
        self.assertEqual(
            (line["product"], line["demand"], line["quantity"]), ("Dock Cookie Tray", 12, 0)
        )
        # the lot on hold expires first, but is not reserved: FEFO among the lots that may go
        self.assertEqual(
            [(lot["lot"], lot["quantity"], lot["picked"]) for lot in line["lots"]],
            [("T-NEXT", 10.0, False), ("T-LATE", 2.0, False)],
        )
        self.assertEqual(line["suggestion"]["lot"], "T-NEXT")
        self.assertEqual(line["suggestion"]["location"], self.shelf.display_name)
        self.assertIn("not a delivery", self.Pick.open_delivery(self.receipt.name)["error"])

    def test_scan_location_then_reserved_lot(self):
        result = self.Pick.scan(self.delivery.id, "LOC-D1")
        self.assertEqual(result["location"]["id"], self.shelf.id)
        result = self.Pick.scan(self.delivery.id, self._tray_label("T-NEXT"), self.shelf.id)
        line = self._line(result)
        self.assertEqual((line.lot_id, line.quantity, line.picked), (self.tray_next, 10.0, True))
        self.assertIn("Picked 10.0 Units of Dock Cookie Tray, lot T-NEXT", result["message"])
        self.assertEqual(result["lines"][0]["suggestion"]["lot"], "T-LATE")

    def test_held_lot_is_refused_at_the_scan_and_the_next_proposed(self):
        before = self._snapshot()
        result = self.Pick.scan(self.delivery.id, self._tray_label("T-OLD"), self.shelf.id)
        self.assertRefused(
            result,
            "Lot T-OLD of Dock Cookie Tray cannot be delivered to a customer: its status is "
            "Blocked (reason: Broken seal).",
        )
        self.assertIn("Take lot T-NEXT at", result["error"])
        self.assertEqual(result["proposal"]["lot_id"], self.tray_next.id)
        self.assertNothingWritten(before)

    def test_recalled_and_expired_lots_are_refused(self):
        self.tray_next.write({"trace_status": "recalled", "trace_status_reason": "RCL/7"})
        before = self._snapshot()
        result = self.Pick.scan(self.delivery.id, "T-NEXT")
        self.assertRefused(result, "its status is Recalled (reason: RCL/7)")
        self.assertEqual(result["proposal"]["lot"], "T-LATE")
        self.assertNothingWritten(before)
        expired = self._create_lot(
            self.tray,
            "T-GONE",
            5,
            self.shelf,
            expiration_date=fields.Datetime.now() - timedelta(days=1),
        )
        before = self._snapshot()
        result = self.Pick.scan(self.delivery.id, expired.name)
        self.assertRefused(
            result,
            "Lot T-GONE of Dock Cookie Tray cannot be delivered to a customer: it expired on",
        )
        self.assertNothingWritten(before)

    def test_other_available_lot_takes_the_reservation(self):
        self.delivery.do_unreserve()
        self.delivery.action_assign()
        other = self._create_lot(
            self.tray,
            "T-EXTRA",
            3,
            self.shelf,
            expiration_date=fields.Datetime.now() + timedelta(days=30),
        )
        result = self.Pick.scan(self.delivery.id, self._tray_label("T-EXTRA"))
        line = self._line(result)
        self.assertEqual((line.lot_id, line.quantity, line.picked), (other, 3.0, True))
        quant = self.env["stock.quant"].search([("lot_id", "=", other.id)])
        self.assertEqual(quant.reserved_quantity, 3.0)

    def test_partial_pick_and_backorder(self):
        result = self.Pick.scan(self.delivery.id, "T-NEXT")
        line = self._line(result)
        result = self.Pick.set_quantity(self.delivery.id, line.id, 6)
        self.assertEqual(line.quantity, 6)
        result = self.Pick.validate(self.delivery.id)
        self.assertTrue(result["backorder_needed"])
        result = self.Pick.validate(self.delivery.id, True)
        self.assertTrue(result["done"])
        backorder = self.env["stock.picking"].search([("backorder_id", "=", self.delivery.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 6.0)
        self.assertEqual(
            self.delivery.move_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity)),
            [("T-NEXT", 6.0)],
        )

    def test_refusals_write_nothing(self):
        before = self._snapshot()
        self.assertRefused(self.Pick.scan(self.delivery.id, "NOTHING-HERE"), "NOTHING-HERE")
        self.assertRefused(
            self.Pick.scan(self.delivery.id, f"(01){self.gtin_flour}(10)X"),
            "Dock Flour is not on delivery",
        )
        self.assertRefused(
            self.Pick.scan(self.delivery.id, self.gtin_tray[1:]), "scan the lot, not the product"
        )
        self.assertRefused(
            self.Pick.scan(self.delivery.id, self._tray_label("T-NONE")), "No lot T-NONE"
        )
        line = self.delivery.move_line_ids[:1]
        self.assertRefused(
            self.Pick.set_quantity(self.delivery.id, line.id, 50), "Only 10.0 Units of T-NEXT"
        )
        self.assertRefused(self.Pick.set_quantity(self.delivery.id, line.id, -1), "more than zero")
        outside = self.env["stock.location"].create(
            {"name": "Elsewhere", "usage": "internal", "barcode": "LOC-OUT"}
        )
        self.assertRefused(self.Pick.scan(self.delivery.id, "LOC-OUT"), "is not where")
        self.assertRefused(self.Pick.validate(self.delivery.id), "Nothing was scanned")
        self.assertTrue(outside)
        self.assertNothingWritten(before)

    def test_lot_already_picked(self):
        self.Pick.scan(self.delivery.id, "T-NEXT")
        before = self._snapshot()
        self.assertRefused(self.Pick.scan(self.delivery.id, "T-NEXT"), "already picked")
        self.assertNothingWritten(before)


@tagged("post_install", "-at_install")
class TestScannerPickTour(HttpCase, ScannerOpsCommon):
    browser_size = "390x844"

    def test_pick_trays_the_held_one_refused(self):
        self.receipt.action_cancel()
        self.trace_user.password = "trace_user"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_pick_tour",
            login="trace_user",
        )
        self.assertEqual(self.delivery.state, "done")
        self.assertEqual(
            sorted(self.delivery.move_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity))),
            [("T-LATE", 2.0), ("T-NEXT", 10.0)],
        )
