# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import unittest

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoScanner(HttpCase):
    """The scanner's four stories of the demo database (demo/stock_lot_scanner_demo*.xml),
    tried on a phone by a new traceability user: skipped without demo data."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "lot_traceability")])
        if not module.demo:
            raise unittest.SkipTest("lot_traceability was installed without demo data")
        cls.user = cls.env["res.users"].create(
            {
                "name": "New Scanner User",
                "login": "demo_scanner_user",
                "password": "demo_scanner_user",
                "groups_id": [(6, 0, [cls.env.ref("lot_traceability.group_traceability_user").id])],
            }
        )

    def _ref(self, xmlid):
        return self.env.ref(f"lot_traceability.{xmlid}")

    def _tour(self, name):
        self.start_tour(
            "/odoo/action-lot_traceability.stock_lot_scanner_action",
            f"lot_traceability_scanner_demo_{name}_tour",
            login="demo_scanner_user",
        )

    def _quantity(self, lot, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def test_receive_flour_and_butter_with_three_gs1_labels(self):
        receipt = self._ref("picking_receipt_scanner_demo")
        self.assertEqual(receipt.state, "assigned")
        self._tour("receive")
        self.assertEqual(receipt.state, "done")
        lines = receipt.move_line_ids.sorted(lambda line: line.lot_id.supplier_lot_name)
        self.assertEqual(
            [
                (
                    line.product_id,
                    line.quantity,
                    line.lot_id.supplier_lot_name,
                    line.lot_id.supplier_id,
                    str(line.lot_id.expiration_date.date()),
                    str(line.lot_id.production_date),
                )
                for line in lines
            ],
            [
                (
                    self._ref("product_butter_demo"),
                    20.0,
                    "GVD-1126-1",
                    self._ref("partner_mill_demo"),
                    "2027-01-31",
                    "2026-11-26",
                ),
                (
                    self._ref("product_flour_demo"),
                    30.0,
                    "MILL-88604-01",
                    self._ref("partner_mill_demo"),
                    "2027-05-31",
                    "2026-11-20",
                ),
                (
                    self._ref("product_flour_demo"),
                    20.0,
                    "MILL-88604-02",
                    self._ref("partner_mill_demo"),
                    "2027-06-15",
                    "2026-11-22",
                ),
            ],
        )

    def test_pick_trays_the_held_one_refused(self):
        delivery = self._ref("picking_delivery_trays_scanner_demo")
        held = self.env["stock.lot"].search([("name", "=", "COOKIE-2026-1115-003")])
        self.assertEqual(held.trace_status, "blocked")
        self.assertEqual(delivery.state, "assigned")
        self._tour("pick")
        self.assertEqual(delivery.state, "done")
        self.assertEqual(
            delivery.move_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity)),
            [("COOKIE-2026-1115-002", 2.0)],
        )
        self.assertEqual(self._quantity(held, self.env.ref("stock.stock_location_stock")), 4)

    def test_move_a_lot_to_quarantine(self):
        lot = self._ref("lot_butter_shelf_demo")
        shelf = self._ref("location_bakery_shelf_demo")
        quarantine = self._ref("stock_location_quarantine")
        self.assertEqual(self._quantity(lot, shelf), 6)
        self._tour("move")
        self.assertEqual(self._quantity(lot, shelf), 0)
        self.assertEqual(self._quantity(lot, quarantine), 6)

    def test_count_a_shelf_with_one_difference(self):
        shelf = self._ref("location_bakery_shelf_demo")
        flour = self._ref("lot_flour_shelf_demo")
        butter = self._ref("lot_butter_shelf_demo")
        self._tour("count")
        self.assertEqual(self._quantity(flour, shelf), 28)
        self.assertEqual(self._quantity(butter, shelf), 6)
        inventory_lines = self.env["stock.move.line"].search(
            [("move_id.is_inventory", "=", True), ("location_id", "=", shelf.id)]
        )
        self.assertEqual(
            sorted((line.lot_id.name, line.quantity) for line in inventory_lines),
            [("FLOUR-2026-1118", 2.0)],
        )
