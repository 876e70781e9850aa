# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_scanner_ops import ScannerOpsCommon


@tagged("post_install", "-at_install")
class TestScannerReceive(ScannerOpsCommon):
    def _flour_label(self, lot="MILL-1", expiry="271231", quantity="(3102)003000"):
        return f"(01){self.gtin_flour}(10){lot}(17){expiry}(11)261101{quantity}"

    def _line(self, result):
        return self.env["stock.move.line"].browse(result["line_id"])

    def test_receipts_of_the_day_and_scan_of_the_reference(self):
        choices = self.Receive.get_receipts()
        self.assertIn(self.receipt.id, [choice["id"] for choice in choices])
        opened = self.Receive.open_receipt(self.receipt.name)
        self.assertEqual(opened["picking"]["id"], self.receipt.id)
        self.assertEqual(
            [line["product"] for line in opened["lines"]],
            ["Dock Flour", "Dock Butter", "Dock Mixer"],
        )
        self.assertIn("not a receipt", self.Receive.open_receipt(self.delivery.name)["error"])
        self.assertIn("NOPE/1", self.Receive.open_receipt("NOPE/1")["error"])

    def test_one_gs1_scan_creates_the_lot_as_the_back_office_would(self):
        result = self.Receive.scan(self.receipt.id, self._flour_label())
        self.assertNotIn("error", result)
        line = self._line(result)
        lot = line.lot_id
        self.assertEqual((lot.name, lot.product_id), ("MILL-1", self.flour))
        self.assertEqual(lot.supplier_lot_name, "MILL-1")
        self.assertEqual(lot.supplier_id, self.mill)
        self.assertEqual(lot.production_date, date(2026, 11, 1))
        self.assertEqual(lot.expiration_date.date(), date(2027, 12, 31))
        self.assertEqual((line.quantity, line.picked), (30.0, True))
        self.assertIn("30.0 kg of Dock Flour", result["message"])
        # the same label again: the same lot, the quantity added
        result = self.Receive.scan(self.receipt.id, self._flour_label())
        self.assertEqual(self._line(result), line)
        self.assertEqual(line.quantity, 60.0)
        self.assertIn("More than ordered: 60.0 kg received for 50.0 kg", result["warning"])

    def test_product_barcode_then_typed_lot(self):
        result = self.Receive.scan(self.receipt.id, self.gtin_butter[1:])
        self.assertEqual(result["need_lot"]["id"], self.butter.id)
        result = self.Receive.scan(self.receipt.id, "BUT-77", self.butter.id)
        line = self._line(result)
        self.assertEqual((line.lot_id.name, line.product_id), ("BUT-77", self.butter))
        # nothing said how much: what is left to receive
        self.assertEqual(line.quantity, 20.0)
        result = self.Receive.set_quantity(self.receipt.id, line.id, 12.5)
        self.assertEqual(line.quantity, 12.5)
        self.assertNotIn("warning", result)

    def test_numbering_rule_names_the_lot_and_keeps_the_supplier_number(self):
        rule = self.env["stock.lot.numbering.rule"].create(
            {"name": "Flour lots", "pattern": "FL-{seq}", "padding": 4}
        )
        self.flour.product_tmpl_id.lot_numbering_rule_id = rule
        line = self._line(self.Receive.scan(self.receipt.id, self._flour_label(lot="MILL-9")))
        self.assertEqual(line.lot_id.name, "FL-0001")
        self.assertEqual(line.lot_id.supplier_lot_name, "MILL-9")

    def test_validate_with_the_backorder_choice(self):
        self.Receive.scan(self.receipt.id, self._flour_label(quantity="(3102)005000"))
        self.Receive.scan(self.receipt.id, f"(01){self.gtin_butter}(10)BUT-1(17)271130(3102)001000")
        result = self.Receive.validate(self.receipt.id)
        self.assertTrue(result["backorder_needed"])
        self.assertEqual(self.receipt.state, "assigned")
        result = self.Receive.validate(self.receipt.id, True)
        self.assertTrue(result["done"])
        self.assertEqual(self.receipt.state, "done")
        backorder = self.env["stock.picking"].search([("backorder_id", "=", self.receipt.id)])
        self.assertEqual(result["backorder"], backorder.name)
        self.assertEqual(
            sorted(backorder.move_ids.mapped(lambda m: (m.product_id.name, m.product_uom_qty))),
            [("Dock Butter", 10.0), ("Dock Mixer", 2.0)],
        )
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.flour, self.stock_location, lot_id=self._line_lot("MILL-1")
            ),
            50.0,
        )
        action = self.Receive.print_labels(self.receipt.id)
        self.assertEqual(action["type"], "ir.actions.report")

    def _line_lot(self, name):
        return self.env["stock.lot"].search([("name", "=", name)])

    def test_validate_without_backorder(self):
        self.Receive.scan(self.receipt.id, self._flour_label())
        result = self.Receive.validate(self.receipt.id, False)
        self.assertTrue(result["done"])
        self.assertFalse(result["backorder"])
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", self.receipt.id)]))

    def test_validate_with_nothing_scanned_is_refused(self):
        before = self._snapshot()
        self.assertIn("Nothing was scanned", self.Receive.validate(self.receipt.id)["error"])
        self.assertNothingWritten(before)

    # refusals: a clear message, nothing written

    def assertRefused(self, result, message):
        self.assertIn("error", result)
        self.assertIn(message, result["error"])

    def test_product_not_on_the_receipt_is_refused(self):
        before = self._snapshot()
        result = self.Receive.scan(self.receipt.id, f"(01){self.gtin_tray}(10)X-1(17)271231")
        self.assertRefused(result, "Dock Cookie Tray is not on receipt")
        self.assertNothingWritten(before)

    def test_lot_of_another_product_is_refused(self):
        before = self._snapshot()
        # the butter's label scanned when the flour waits for its lot
        result = self.Receive.scan(
            self.receipt.id, f"(01){self.gtin_butter}(10)BUT-2(17)271231", self.flour.id
        )
        self.assertRefused(result, "not for Dock Flour")
        # an existing tray lot's name given as the flour's lot (GS1 of the tray)
        result = self.Receive.scan(
            self.receipt.id, f"(01){self.gtin_tray}(10)T-NEXT", self.flour.id
        )
        self.assertRefused(result, "Dock Cookie Tray")
        self.assertNothingWritten(before)

    def test_expired_lot_is_refused(self):
        before = self._snapshot()
        result = self.Receive.scan(self.receipt.id, self._flour_label(lot="OLD-1", expiry="200101"))
        self.assertRefused(result, "Lot OLD-1 of Dock Flour expired on 2020-01-01")
        self.assertNothingWritten(before)

    def test_duplicate_serial_is_refused(self):
        result = self.Receive.scan(self.receipt.id, f"(01){self.gtin_mixer}(21)MX-1")
        self.assertEqual(self._line(result).lot_id.name, "MX-1")
        before = self._snapshot()
        result = self.Receive.scan(self.receipt.id, f"(01){self.gtin_mixer}(21)MX-1")
        self.assertRefused(result, "Serial MX-1 of Dock Mixer is already on this receipt")
        self.assertNothingWritten(before)
        self._create_lot(self.mixer, "MX-9", 1)
        before = self._snapshot()
        result = self.Receive.scan(self.receipt.id, f"(01){self.gtin_mixer}(21)MX-9")
        self.assertRefused(result, "Serial MX-9 of Dock Mixer is already in stock")
        result = self.Receive.scan(self.receipt.id, f"(01){self.gtin_mixer}(21)MX-3(30)2")
        self.assertRefused(result, "one unit per serial")
        self.assertNothingWritten(before)

    def test_malformed_or_unknown_scans_are_refused(self):
        before = self._snapshot()
        self.assertRefused(self.Receive.scan(self.receipt.id, ""), "empty")
        self.assertRefused(self.Receive.scan(self.receipt.id, "WHAT-IS-THIS"), "WHAT-IS-THIS")
        self.assertRefused(
            self.Receive.scan(self.receipt.id, f"(01){self.gtin_flour}(17)271399(10)A"), ""
        )
        line = self.receipt.move_line_ids[:1]
        self.assertRefused(self.Receive.set_quantity(self.receipt.id, line.id, 0), "more than zero")
        self.assertRefused(
            self.Receive.set_quantity(self.receipt.id, self.delivery.move_line_ids[:1].id, 3),
            "This line is not on",
        )
        self.assertNothingWritten(before)

    def test_done_receipt_is_refused(self):
        self.Receive.scan(self.receipt.id, self._flour_label())
        self.Receive.validate(self.receipt.id, False)
        before = self._snapshot()
        self.assertRefused(self.Receive.scan(self.receipt.id, self._flour_label()), "Done")
        self.assertNothingWritten(before)

    def test_other_company_receipt_is_not_found(self):
        other = self.env["res.company"].create({"name": "Other Bakery"})
        self.trace_user.company_ids = [(4, other.id)]
        other_warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": other_warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": other_warehouse.lot_stock_id.id,
            }
        )
        receive = self.Receive.with_user(self.trace_user).with_context(
            allowed_company_ids=self.env.company.ids
        )
        self.assertIn("no longer exists", receive.open_receipt(receipt.id)["error"])

    def test_scanner_is_for_traceability_users(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "dock_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.Receive.with_user(portal).get_receipts()


@tagged("post_install", "-at_install")
class TestScannerReceiveTour(HttpCase, ScannerOpsCommon):
    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt.action_cancel()
        cls.flour_butter = cls._create_picking(
            cls.in_type, cls.mill, [(cls.flour, 50), (cls.butter, 20)]
        )

    def test_receive_flour_and_butter_with_three_gs1_scans(self):
        self.trace_user.password = "trace_user"
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            "lot_traceability_scanner_receive_tour",
            login="trace_user",
        )
        self.assertEqual(self.flour_butter.state, "done")
        lots = self.flour_butter.move_line_ids.lot_id.sorted("name")
        self.assertEqual(
            [
                (lot.name, lot.supplier_lot_name, lot.supplier_id, str(lot.expiration_date.date()))
                for lot in lots
            ],
            [
                ("BUT-7", "BUT-7", self.mill, "2027-03-15"),
                ("MILL-A", "MILL-A", self.mill, "2027-12-31"),
                ("MILL-B", "MILL-B", self.mill, "2028-01-31"),
            ],
        )
        self.assertEqual(
            self.flour_butter.move_line_ids.sorted("id").mapped("quantity"), [30.0, 20.0, 20.0]
        )
