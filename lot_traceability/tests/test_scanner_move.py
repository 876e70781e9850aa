# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_scanner_stock import ScannerStockCommon


@tagged("post_install", "-at_install")
class TestScannerMove(ScannerStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the web client always says which companies the user works in now
        cls.Move = (
            cls.env["stock.lot.scanner.move"]
            .with_user(cls.trace_user)
            .with_context(allowed_company_ids=[cls.env.company.id])
        )

    # ------------------------------------------------------------------
    # Source
    # ------------------------------------------------------------------
    def test_lot_in_one_place_is_the_source(self):
        answer = self.Move.scan_source("FLOUR-A1")
        self.assertEqual(answer["location"]["id"], self.shelf_a.id)
        self.assertEqual((answer["lot"]["id"], answer["quantity"]), (self.flour_a1.id, 30))
        self.assertEqual(answer["lot"]["uom"], "kg")

    def test_lot_in_two_places_asks_where(self):
        answer = self.Move.scan_source("FLOUR-A2")
        self.assertEqual(
            [(row["id"], row["quantity"]) for row in answer["locations"]],
            [(self.shelf_a.id, 20), (self.shelf_b.id, 5)],
        )
        answer = self.Move.scan_source("SHELF-B", lot_id=self.flour_a2.id)
        self.assertEqual((answer["location"]["id"], answer["quantity"]), (self.shelf_b.id, 5))
        # or tapped on the list
        answer = self.Move.scan_source(lot_id=self.flour_a2.id, location_id=self.shelf_a.id)
        self.assertEqual(answer["quantity"], 20)

    def test_location_first_lists_its_lots_then_the_lot(self):
        answer = self.Move.scan_source("SHELF-A")
        self.assertEqual(answer["location"]["id"], self.shelf_a.id)
        self.assertEqual(
            [(row["name"], row["quantity"], row["held"]) for row in answer["lots"]],
            [
                ("BUTTER-B1", 10, False),
                ("FLOUR-A1", 30, False),
                ("FLOUR-A2", 20, False),
                ("FLOUR-HELD", 12, True),
            ],
        )
        # another shelf scanned instead of a lot: the move starts from it
        answer = self.Move.scan_source("SHELF-B", location_id=self.shelf_a.id)
        self.assertEqual(answer["location"]["id"], self.shelf_b.id)
        self.assertEqual([row["name"] for row in answer["lots"]], ["FLOUR-A2"])
        answer = self.Move.scan_source("FLOUR-A2", location_id=self.shelf_a.id)
        self.assertEqual((answer["lot"]["id"], answer["quantity"]), (self.flour_a2.id, 20))
        # the full name of a location works as well as its barcode
        answer = self.Move.scan_source("WH/Stock/Shelf B")
        self.assertEqual(answer["location"]["id"], self.shelf_b.id)

    def test_gs1_label_of_the_lot(self):
        self.flour.barcode = "05419999000017"
        answer = self.Move.scan_source("(01)05419999000017(10)FLOUR-A1")
        self.assertNotIn("error", answer, answer.get("error"))
        self.assertEqual(answer["lot"]["id"], self.flour_a1.id)

    # ------------------------------------------------------------------
    # Destination
    # ------------------------------------------------------------------
    def test_destination_follows_putaway_rules(self):
        answer = self.Move.scan_destination(self.butter_b1.id, self.shelf_a.id, "WH/Stock")
        self.assertEqual(answer["location_dest"]["id"], self.stock_location.id)
        self.assertEqual(answer["putaway"]["id"], self.shelf_b.id)
        self.assertFalse(answer["quarantine"])

    def test_quarantine_destination(self):
        answer = self.Move.scan_destination(self.flour_held.id, self.shelf_a.id, quarantine=True)
        self.assertEqual(answer["location_dest"]["id"], self.quarantine.id)
        self.assertTrue(answer["quarantine"])

    # ------------------------------------------------------------------
    # Move
    # ------------------------------------------------------------------
    def test_held_lot_moved_to_quarantine(self):
        answer = self.Move.action_move(self.flour_held.id, self.shelf_a.id, self.quarantine.id, 12)
        self.assertNotIn("error", answer)
        picking = self.env["stock.picking"].browse(answer["picking"]["id"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.create_uid, self.trace_user)
        self.assertEqual(picking.move_line_ids.lot_id, self.flour_held)
        self.assertEqual(self._quantity(self.flour_held, self.shelf_a), 0)
        self.assertEqual(self._quantity(self.flour_held, self.quarantine), 12)
        # still on hold, and its history says where it went
        self.assertEqual(self.flour_held.trace_status, "blocked")
        timeline = self.env["stock.lot.timeline"].search(
            [("lot_id", "=", self.flour_held.id), ("event_type", "=", "internal")]
        )
        self.assertEqual(timeline.location_dest_id, self.quarantine)
        self.assertIn("FLOUR-HELD", answer["message"])
        self.assertIn("Quarantine", answer["message"])

    def test_partial_move_with_putaway(self):
        answer = self.Move.action_move(
            self.butter_b1.id, self.shelf_a.id, self.stock_location.id, 4
        )
        self.assertEqual(answer["location_dest"]["id"], self.shelf_b.id)
        self.assertEqual(self._quantity(self.butter_b1, self.shelf_a), 6)
        self.assertEqual(self._quantity(self.butter_b1, self.shelf_b), 4)
        picking = self.env["stock.picking"].browse(answer["picking"]["id"])
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.backorder_ids)

    def test_reserved_quantity_is_shown_and_taken_as_odoo_does(self):
        delivery = self._move_lot(
            self.flour_a1, 10, self.shelf_a, self.customer_location, self.bistro, validate=False
        )
        answer = self.Move.scan_source("FLOUR-A1")
        self.assertEqual((answer["quantity"], answer["reserved"]), (30, 10))
        self.Move.action_move(self.flour_a1.id, self.shelf_a.id, self.shelf_b.id, 30)
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_b), 30)
        # the delivery lost its reservation of FLOUR-A1 (Odoo reserved another lot instead)
        self.assertNotIn(self.flour_a1, delivery.move_line_ids.lot_id)

    # ------------------------------------------------------------------
    # Refusals: a message, nothing written
    # ------------------------------------------------------------------
    def test_lot_not_at_the_scanned_location(self):
        answer = self.assertNothingWritten(
            lambda: self.Move.scan_source("FLOUR-A1", location_id=self.shelf_b.id),
            r"FLOUR-A1 of Test Flour is not at WH/Stock/Shelf B; it is at WH/Stock/Shelf A \(30",
        )
        self.assertNotIn("lot", answer)
        self.assertNothingWritten(
            lambda: self.Move.action_move(self.flour_a1.id, self.shelf_b.id, self.quarantine.id, 1),
            "not at WH/Stock/Shelf B",
        )

    def test_quantity_above_what_is_there(self):
        self.assertNothingWritten(
            lambda: self.Move.action_move(self.flour_a2.id, self.shelf_b.id, self.shelf_a.id, 6),
            r"Only 5.00 kg of lot FLOUR-A2 are at WH/Stock/Shelf B: 6.00 kg cannot be moved",
        )

    def test_quantity_not_a_positive_number(self):
        for quantity, message in (
            (0, "must be above zero"),
            (-2, "must be above zero"),
            ("3", "is not a number"),
            (float("nan"), "is not a number"),
            (True, "is not a number"),
        ):
            with self.subTest(quantity=quantity):
                self.assertNothingWritten(
                    lambda quantity=quantity: self.Move.action_move(
                        self.flour_a1.id, self.shelf_a.id, self.shelf_b.id, quantity
                    ),
                    message,
                )

    def test_destination_of_another_company(self):
        self.assertNothingWritten(
            lambda: self.Move.with_context(
                allowed_company_ids=[self.env.company.id, self.other_company.id]
            ).action_move(self.flour_a1.id, self.shelf_a.id, self.other_shelf.id, 1),
            "Other Shelf belongs to Other Bakery, WH/Stock/Shelf A to",
        )
        self.assertNothingWritten(
            lambda: self.Move.with_context(
                allowed_company_ids=[self.env.company.id, self.other_company.id]
            ).scan_destination(self.flour_a1.id, self.shelf_a.id, "OTHER-SHELF"),
            "belongs to Other Bakery",
        )
        # not among the companies the user works in now: named, not used
        self.assertNothingWritten(
            lambda: self.Move.scan_destination(self.flour_a1.id, self.shelf_a.id, "OTHER-SHELF"),
            "Location OTH/Stock/Other Shelf belongs to Other Bakery: switch to that company",
        )

    def test_destination_not_a_stock_location_or_the_source(self):
        self.assertNothingWritten(
            lambda: self.Move.scan_destination(
                self.flour_a1.id, self.shelf_a.id, "Partners/Customers"
            ),
            "Partners/Customers is not a stock location",
        )
        self.assertNothingWritten(
            lambda: self.Move.action_move(
                self.flour_a1.id, self.shelf_a.id, self.customer_location.id, 1
            ),
            "is not a stock location",
        )
        self.assertNothingWritten(
            lambda: self.Move.scan_destination(self.flour_a1.id, self.shelf_a.id, "SHELF-A"),
            "already at WH/Stock/Shelf A",
        )
        self.assertNothingWritten(
            lambda: self.Move.scan_destination(self.flour_a1.id, self.shelf_a.id, "NOWHERE"),
            "No location is known under NOWHERE",
        )

    def test_unknown_scans_and_ids(self):
        self.assertNothingWritten(
            lambda: self.Move.scan_source("NO-SUCH-THING"), "Nothing is known under NO-SUCH-THING"
        )
        self.assertNothingWritten(
            lambda: self.Move.scan_source(lot_id=999999999, location_id=self.shelf_a.id),
            "This lot no longer exists",
        )
        self.assertNothingWritten(
            lambda: self.Move.action_move("1", self.shelf_a.id, self.shelf_b.id, 1),
            "This lot no longer exists",
        )

    def test_lot_of_a_company_not_allowed_is_unknown(self):
        self.assertNothingWritten(
            lambda: self.Move.scan_source("OTHER-LOT"), "Nothing is known under OTHER-LOT"
        )
        self.assertNothingWritten(
            lambda: self.Move.scan_source(lot_id=self.other_lot.id, location_id=self.shelf_a.id),
            "This lot no longer exists",
        )

    def test_packed_stock_moves_from_the_back_office(self):
        package = self.env["stock.quant.package"].create({"name": "PACK-1"})
        self.env["stock.quant"]._update_available_quantity(
            self.flour, self.shelf_b, 3, lot_id=self.flour_a1, package_id=package
        )
        self.assertNothingWritten(
            lambda: self.Move.action_move(self.flour_a1.id, self.shelf_b.id, self.shelf_a.id, 2),
            "3.00 kg of lot FLOUR-A1 at WH/Stock/Shelf B are in a package",
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
            self.env["stock.lot.scanner.move"].with_user(stock_user).action_move(
                self.flour_a1.id, self.shelf_a.id, self.shelf_b.id, 1
            )
        self.assertEqual(self._quantity(self.flour_a1, self.shelf_a), 30)


@tagged("post_install", "-at_install")
class TestScannerMoveTour(HttpCase, ScannerStockCommon):
    browser_size = "390x844"

    def test_move_to_quarantine_tour_phone(self):
        self.trace_user.password = "trace_user"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_move_tour",
            login="trace_user",
        )
        self.assertEqual(self._quantity(self.flour_held, self.quarantine), 12)
        self.assertEqual(self._quantity(self.flour_held, self.shelf_a), 0)
        self.assertEqual(self.flour_held.trace_status, "blocked")
