# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_scanner_stock import ScannerStockCommon


@tagged("post_install", "-at_install")
class TestScannerCount(ScannerStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Count = cls._count_as(cls.trace_user)

    @classmethod
    def _count_as(cls, user):
        return (
            cls.env["stock.lot.scanner.count"]
            .with_user(user)
            .with_context(allowed_company_ids=[cls.env.company.id])
        )

    def _inventory_lines(self, lot):
        return self.env["stock.move.line"].search(
            [("lot_id", "=", lot.id), ("move_id.is_inventory", "=", True), ("state", "=", "done")]
        )

    # ------------------------------------------------------------------
    # Scans
    # ------------------------------------------------------------------
    def test_location_lists_the_lots_expected(self):
        answer = self.Count.scan_location("SHELF-A")
        self.assertEqual(answer["location"]["id"], self.shelf_a.id)
        self.assertEqual(
            [(row["name"], row["quantity"], row["held"]) for row in answer["expected"]],
            [
                ("BUTTER-B1", 10, False),
                ("FLOUR-A1", 30, False),
                ("FLOUR-A2", 20, False),
                ("FLOUR-HELD", 12, True),
            ],
        )

    def test_lot_scanned_expected_or_found(self):
        answer = self.Count.scan_lot(self.shelf_b.id, "FLOUR-A2")
        self.assertEqual((answer["lot"]["quantity"], answer["expected"]), (5, True))
        self.assertTrue(answer["can_write_off"])
        answer = self.Count.scan_lot(self.shelf_b.id, "FLOUR-A1")
        self.assertEqual((answer["lot"]["quantity"], answer["expected"]), (0, False))

    def test_held_lot_says_who_may_write_it_off(self):
        self.assertFalse(self.Count.scan_lot(self.shelf_a.id, "FLOUR-HELD")["can_write_off"])
        manager_count = self._count_as(self.trace_manager)
        self.assertTrue(manager_count.scan_lot(self.shelf_a.id, "FLOUR-HELD")["can_write_off"])

    def test_review_lists_differences_and_lots_not_counted(self):
        counts = [
            {"lot_id": self.flour_a1.id, "quantity": 28},
            {"lot_id": self.flour_a2.id, "quantity": 20},
        ]
        review = self.Count.get_review(self.shelf_a.id, counts)
        self.assertEqual(
            [(row["name"], row["counted"], row["difference"]) for row in review["differences"]],
            [("FLOUR-A1", 28, -2)],
        )
        self.assertEqual(review["confirmed"], 1)
        self.assertEqual(
            sorted(row["name"] for row in review["missing"]), ["BUTTER-B1", "FLOUR-HELD"]
        )
        # a review writes nothing
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 30)

    # ------------------------------------------------------------------
    # Apply: Odoo's inventory adjustments
    # ------------------------------------------------------------------
    def test_one_difference_applied_as_inventory_adjustment(self):
        recall = self.env["stock.lot.recall"].create(
            {
                "reason": "Flour FLOUR-A1 suspected",
                "classification": "class_2",
                "suspect_lot_ids": [(6, 0, self.flour_a1.ids)],
                "responsible_id": self.trace_manager.id,
            }
        )
        recall.action_open()
        answer = self.Count.action_apply(
            self.shelf_a.id,
            [
                {"lot_id": self.flour_a1.id, "quantity": 28},
                {"lot_id": self.flour_a2.id, "quantity": 20},
            ],
        )
        self.assertNotIn("error", answer, answer.get("error"))
        self.assertEqual(
            answer["message"],
            "WH/Stock/Shelf A counted: FLOUR-A1 -2.00 kg applied; 1 lots confirmed.",
        )
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 28)
        self.assertEqual(self._quantity(self.flour_a2, self.shelf_a), 20)
        # the lots not scanned are left as they were
        self.assertEqual(self._quantity(self.butter_b1, self.shelf_a), 10)
        self.assertFalse(self._inventory_lines(self.butter_b1))
        # an inventory move of the lot, done by the user: in the lot's history...
        line = self._inventory_lines(self.flour_a1).filtered("quantity")
        self.assertEqual(line.location_id, self.shelf_a)
        self.assertEqual(line.location_dest_id.usage, "inventory")
        self.assertEqual(line.quantity, 2)
        self.assertEqual(line.create_uid, self.trace_user)
        timeline = self.env["stock.lot.timeline"].search(
            [("lot_id", "=", self.flour_a1.id), ("event_type", "=", "inventory")]
        )
        self.assertEqual(timeline.mapped("quantity"), [2])
        # ... a lot counted as on hand is left as it is (no move of zero in its history)
        self.assertFalse(self._inventory_lines(self.flour_a2))
        # ... and in the recall's mass balance: 2 kg written off, unaccounted
        recall.action_recompute()
        balance = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.flour_a1)
        self.assertEqual(
            (balance.qty_in, balance.qty_on_hand, balance.qty_inventory_loss),
            (30, 28, 2),
        )
        self.assertEqual(balance.qty_unaccounted, 2)

    def test_count_without_difference_writes_nothing(self):
        counts = [{"lot_id": self.flour_a2.id, "quantity": 5}]
        before = self._stock_snapshot()
        answer = self.Count.action_apply(self.shelf_b.id, counts)
        self.assertEqual(
            answer["message"], "WH/Stock/Shelf B counted: 1 lots confirmed, no difference."
        )
        self.assertEqual(self._stock_snapshot(), before)

    def test_lot_found_where_it_was_not_expected(self):
        answer = self.Count.action_apply(
            self.shelf_b.id, [{"lot_id": self.flour_a1.id, "quantity": 1.5}]
        )
        self.assertIn("FLOUR-A1 +1.50 kg", answer["message"])
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_b), 1.5)
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 30)

    def test_lots_not_scanned_confirmed_as_zero(self):
        answer = self.Count.action_apply(self.shelf_b.id, [], zero_lot_ids=[self.flour_a2.id])
        self.assertIn("FLOUR-A2 -5.00 kg", answer["message"])
        self.assertEqual(self._quantity(self.flour_a2, self.shelf_b), 0)
        self.assertEqual(self._quantity(self.flour_a2, self.shelf_a), 20)

    def test_held_lot_found_by_a_user(self):
        self.Count.action_apply(self.shelf_a.id, [{"lot_id": self.flour_held.id, "quantity": 13}])
        self.assertEqual(self._quantity(self.flour_held, self.shelf_a), 13)

    def test_held_lot_written_off_by_a_manager(self):
        answer = self._count_as(self.trace_manager).action_apply(
            self.shelf_a.id, [], zero_lot_ids=[self.flour_held.id]
        )
        self.assertNotIn("error", answer)
        self.assertEqual(self._quantity(self.flour_held, self.shelf_a), 0)
        self.assertEqual(self.flour_held.trace_status, "blocked")

    # ------------------------------------------------------------------
    # Refusals: a message, nothing written
    # ------------------------------------------------------------------
    def test_held_lot_written_off_by_a_user(self):
        counts = [
            {"lot_id": self.flour_a1.id, "quantity": 29},
            {"lot_id": self.flour_held.id, "quantity": 10},
        ]
        self.assertNothingWritten(
            lambda: self.Count.action_apply(self.shelf_a.id, counts),
            r"Lot FLOUR-HELD of Test Flour cannot be written off by an inventory adjustment "
            r"except by a Traceability manager: its status is Blocked \(reason: Mould found\)",
        )
        self.assertNothingWritten(
            lambda: self.Count.action_apply(self.shelf_a.id, [], [self.flour_held.id]),
            "FLOUR-HELD of Test Flour cannot be written off",
        )

    def test_malformed_counts(self):
        for counts, message in (
            ("FLOUR-A1", "The counts are not a list"),
            (["FLOUR-A1"], "A count is malformed"),
            ([{"lot_id": self.flour_a1.id, "quantity": -1}], "must be zero or more"),
            ([{"lot_id": self.flour_a1.id, "quantity": "30"}], "is not a number"),
            ([{"lot_id": self.flour_a1.id}], "is not a number"),
            ([{"lot_id": 999999999, "quantity": 1}], "This lot no longer exists"),
            (
                [
                    {"lot_id": self.flour_a1.id, "quantity": 10},
                    {"lot_id": self.flour_a1.id, "quantity": 20},
                ],
                "Lot FLOUR-A1 is counted twice",
            ),
            ([], "Nothing was counted"),
        ):
            with self.subTest(counts=counts):
                self.assertNothingWritten(
                    lambda counts=counts: self.Count.action_apply(self.shelf_a.id, counts),
                    message,
                )

    def test_counted_and_confirmed_missing_at_once(self):
        self.assertNothingWritten(
            lambda: self.Count.action_apply(
                self.shelf_a.id,
                [{"lot_id": self.flour_a1.id, "quantity": 30}],
                [self.flour_a1.id],
            ),
            "FLOUR-A1 was counted: it cannot be confirmed missing too",
        )

    def test_lot_of_another_company(self):
        counts = [{"lot_id": self.other_lot.id, "quantity": 7}]
        self.assertNothingWritten(
            lambda: self.Count.with_context(
                allowed_company_ids=[self.env.company.id, self.other_company.id]
            ).action_apply(self.shelf_a.id, counts),
            "Lot OTHER-LOT belongs to Other Bakery, WH/Stock/Shelf A to",
        )
        self.assertNothingWritten(
            lambda: self.Count.action_apply(self.shelf_a.id, counts), "This lot no longer exists"
        )
        self.assertNothingWritten(
            lambda: self.Count.scan_location("OTHER-SHELF"),
            "Location OTH/Stock/Other Shelf belongs to Other Bakery: switch to that company",
        )

    def test_not_a_stock_location(self):
        self.assertNothingWritten(
            lambda: self.Count.scan_location("Partners/Vendors"),
            "Partners/Vendors is not a stock location",
        )
        self.assertNothingWritten(
            lambda: self.Count.action_apply(
                self.supplier_location.id, [{"lot_id": self.flour_a1.id, "quantity": 1}]
            ),
            "is not a stock location",
        )
        self.assertNothingWritten(
            lambda: self.Count.scan_location("NOWHERE"), "No location is known under NOWHERE"
        )

    def test_serial_in_stock_elsewhere_is_moved_not_counted(self):
        serial = self._receive_lot(self.product_serial, "SN-COUNT-1", 1, self.shelf_a)
        self.assertNothingWritten(
            lambda: self.Count.scan_lot(self.shelf_b.id, "SN-COUNT-1"),
            "Serial SN-COUNT-1 is in stock at WH/Stock/Shelf A: move it here",
        )
        self.assertNothingWritten(
            lambda: self.Count.action_apply(
                self.shelf_b.id, [{"lot_id": serial.id, "quantity": 1}]
            ),
            "Serial SN-COUNT-1 is in stock at WH/Stock/Shelf A",
        )
        self.assertNothingWritten(
            lambda: self.Count.action_apply(
                self.shelf_a.id, [{"lot_id": serial.id, "quantity": 2}]
            ),
            "SN-COUNT-1 is a serial number: its quantity is 1 or 0",
        )

    def test_unknown_lot_scanned(self):
        self.assertNothingWritten(
            lambda: self.Count.scan_lot(self.shelf_a.id, "NO-SUCH-LOT"),
            "Nothing is known under NO-SUCH-LOT",
        )

    def test_scanner_is_for_traceability_users(self):
        stock_user = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self._count_as(stock_user).action_apply(
                self.shelf_a.id, [{"lot_id": self.flour_a1.id, "quantity": 1}]
            )
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 30)


@tagged("post_install", "-at_install")
class TestScannerCountTour(HttpCase, ScannerStockCommon):
    browser_size = "390x844"

    def test_shelf_counted_with_one_difference_tour_phone(self):
        self.trace_user.password = "trace_user"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_count_tour",
            login="trace_user",
        )
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 28)
        self.assertEqual(self._quantity(self.flour_a2, self.shelf_a), 20)
        self.assertEqual(self._quantity(self.flour_held, self.shelf_a), 12)
        # not counted: left as it was, no inventory move
        self.assertEqual(self._quantity(self.butter_b1, self.shelf_a), 10)
        inventory_lines = self.env["stock.move.line"].search(
            [("move_id.is_inventory", "=", True), ("location_id", "=", self.shelf_a.id)]
        )
        self.assertEqual(
            sorted((line.lot_id.name, line.quantity) for line in inventory_lines),
            [("FLOUR-A1", 2.0)],
        )
