# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_genealogy import GenealogyCommon


class ScannerCommon(GenealogyCommon):
    """A flour lot baked into a cookie batch, split into trays with a GTIN; one tray shipped to
    the bistro; the flour then put on hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cookie_tray.barcode = "05412345999997"
        cls.bistro.name = "Scanner Bistro"
        cls.flour_lot = cls._create_lot(cls.flour, "SCAN-FLOUR", 30)
        cls.batch, _production = cls._produce(
            cls.cookie_batch, "SCAN-BATCH", 10, [(cls.flour_lot, 8)]
        )
        cls.trays = cls._split(
            cls.batch,
            unit_product_id=cls.cookie_tray.id,
            unit_factor=0.5,
            unit_count=2,
            unit_quantity=4,
        )
        cls.trays[0].name = "SCAN-TRAY-001"
        cls._deliver(cls.trays[0], 1, cls.bistro_kitchen)
        cls.flour_lot.write({"trace_status": "blocked", "trace_status_reason": "Mould found"})
        cls.Scanner = cls.env["stock.lot.scanner"]


@tagged("post_install", "-at_install")
class TestScannerCard(ScannerCommon):
    def test_gs1_scan_shows_the_tray_card(self):
        card = self.Scanner.get_lot_card("(01)05412345999997(10)SCAN-TRAY-001(17)271231")
        self.assertEqual(card["id"], self.trays[0].id)
        self.assertEqual(card["status"], "available")
        self.assertEqual([parent["name"] for parent in card["made_from"]], ["SCAN-BATCH"])
        self.assertEqual(card["customers"], ["Scanner Bistro"])
        self.assertEqual(
            [(lot["name"], lot["status"]) for lot in card["ingredients_on_hold"]],
            [("SCAN-FLOUR", "blocked")],
        )
        self.assertEqual(card["upstream_count"], 2)
        self.assertEqual([row["quantity"] for row in card["on_hand"]], [3.0])

    def test_digital_link_and_plain_name_reach_the_same_card(self):
        uri = "https://id.example.com/01/05412345999997/10/SCAN-TRAY-001?17=271231"
        self.assertEqual(self.Scanner.get_lot_card(uri)["id"], self.trays[0].id)
        self.assertEqual(self.Scanner.get_lot_card("SCAN-TRAY-001")["id"], self.trays[0].id)

    def test_held_lot_card_shows_status_and_reason(self):
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with patch.object(genealogy_class, "_get_reached_lot_ids", autospec=True) as count_walk:
            card = self.Scanner.get_lot_card("SCAN-FLOUR")
        self.assertEqual((card["status"], card["status_reason"]), ("blocked", "Mould found"))
        # the batch and its two trays, counted from the card's own walk
        self.assertEqual(card["downstream_count"], 3)
        count_walk.assert_not_called()

    def test_unknown_or_malformed_scans_give_a_message(self):
        self.assertIn("NO-SUCH-LOT", self.Scanner.get_lot_card("NO-SUCH-LOT")["error"])
        self.assertTrue(self.Scanner.get_lot_card("")["error"])
        unknown_lot = self.Scanner.get_lot_card("(01)05412345999997(10)NOPE-1")
        self.assertIn("NOPE-1", unknown_lot["error"])
        self.assertIn("Test Cookie Tray", unknown_lot["error"])

    def test_card_offers_only_what_can_be_done(self):
        tray = self.trays[1]
        card = self.Scanner.get_lot_card(tray.name)
        self.assertEqual(card["actions"], ["print_label", "split", "hold", "build", "open"])
        tray.write({"trace_status": "recalled", "trace_status_reason": "Recall RCL/1"})
        card = self.Scanner.get_lot_card(tray.name)
        self.assertEqual(card["actions"], ["print_label", "open"])
        with self.assertRaisesRegex(UserError, "cannot be split: its status is Recalled"):
            self.Scanner.action_from_card(tray.id, "split")
        with self.assertRaisesRegex(UserError, "is already on hold \\(Recalled\\)"):
            self.Scanner.action_from_card(tray.id, "hold")
        with self.assertRaisesRegex(UserError, "cannot be used in a build"):
            self.Scanner.action_from_card(tray.id, "build")

    def test_card_dates_are_left_to_the_screen_to_format(self):
        self.batch.production_date = "2026-03-02"
        card = self.Scanner.get_lot_card("SCAN-BATCH")
        self.assertEqual(card["production_date"], "2026-03-02")

    def test_plain_name_of_several_lots_asks_which_one(self):
        """Issue #19: two lots under one name gave "Nothing is known under ...": the scanner
        asks which one, product shown."""
        twin = self._create_lot(self.flour, "SCAN-BATCH", 1)
        answer = self.Scanner.get_lot_card("SCAN-BATCH")
        self.assertNotIn("error", answer)
        self.assertIn("2 lots are named SCAN-BATCH", answer["message"])
        self.assertEqual(
            {(choice["id"], choice["product"]) for choice in answer["choices"]},
            {(self.batch.id, "Test Cookie Batch"), (twin.id, "Test Flour")},
        )
        card = self.Scanner.get_lot_card("SCAN-BATCH", lot_id=twin.id)
        self.assertEqual((card["id"], card["product"]), (twin.id, "Test Flour"))

    def test_choice_lists_only_readable_lots(self):
        self._create_lot(self.flour, "SCAN-BATCH", 1)
        self.env["ir.rule"].create(
            {
                "name": "No flour lots",
                "model_id": self.env["ir.model"]._get_id("stock.lot"),
                "domain_force": f"[('product_id', '!=', {self.flour.id})]",
            }
        )
        card = self.Scanner.with_user(self.trace_user).get_lot_card("SCAN-BATCH")
        self.assertEqual(card["id"], self.batch.id, "one readable lot: its card")

    def test_card_actions(self):
        tray = self.trays[1]
        split = self.Scanner.action_from_card(tray.id, "split")
        self.assertEqual(split["res_model"], "stock.lot.split.wizard")
        self.assertEqual(split["context"]["default_lot_id"], tray.id)
        hold = self.Scanner.action_from_card(tray.id, "hold")
        self.assertEqual(
            (hold["res_model"], hold["context"]["active_ids"]), ("stock.lot.hold", [tray.id])
        )
        build = self.Scanner.action_from_card(tray.id, "build")
        self.assertEqual(build["context"]["default_scan_code"], tray.name)
        label = self.Scanner.action_from_card(tray.id, "print_label")
        self.assertEqual(label["type"], "ir.actions.report")
        self.assertEqual(label["report_name"], "lot_traceability.report_lot_label_57x32")


@tagged("post_install", "-at_install")
class TestScannerTour(HttpCase, ScannerCommon):
    browser_size = "390x844"

    def test_scanner_tour_phone(self):
        self.trace_user.password = "trace_user"
        self.trays[0].expiration_date = "2027-12-31 12:00:00"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_tour",
            login="trace_user",
        )

    def test_scanner_asks_which_lot_tour(self):
        self._create_lot(self.flour, "SCAN-BATCH", 1)
        self.trace_user.password = "trace_user"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_choice_tour",
            login="trace_user",
        )
