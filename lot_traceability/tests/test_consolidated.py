# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TraceabilityCommon


@tagged("post_install", "-at_install")
class TestConsolidated(TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf 1", "location_id": cls.stock_location.id, "usage": "internal"}
        )
        cls.product_lot.standard_price = 2.0
        cls.lot_a = cls._create_lot(
            cls.product_lot, "FLOUR-A", 10, expiration_date=datetime.datetime(2030, 5, 1)
        )
        cls.lot_b = cls._create_lot(
            cls.product_lot,
            "FLOUR-B",
            5,
            location=cls.shelf,
            expiration_date=datetime.datetime(2029, 1, 1),
        )
        # Not in an internal location: not counted.
        cls.lot_c = cls._create_lot(
            cls.product_lot,
            "FLOUR-C",
            3,
            location=cls.customer_location,
            expiration_date=datetime.datetime(2020, 1, 1),
        )
        cls.lot_empty = cls._create_lot(cls.product_lot, "FLOUR-EMPTY")
        cls.serial_1 = cls._create_lot(cls.product_serial, "SN-1", 1)
        cls.serial_2 = cls._create_lot(cls.product_serial, "SN-2", 1, location=cls.shelf)
        cls.Consolidated = cls.env["stock.lot.consolidated"]

    def _line(self, product, user=None):
        model = self.Consolidated.with_user(user) if user else self.Consolidated
        return model.search([("product_id", "=", product.id)])

    def test_one_line_per_product(self):
        line = self._line(self.product_lot)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.quantity, 15)
        self.assertEqual(line.uom_id, self.uom_kg)
        self.assertEqual(line.lot_count, 2)
        self.assertEqual(line.location_count, 2)
        self.assertEqual(line.expiration_date, datetime.datetime(2029, 1, 1))
        self.assertEqual(line.value, 30)
        self.assertEqual(line.tracking, "lot")

    def test_lots_and_serials_actions(self):
        lots_action = self.env.ref("lot_traceability.stock_lot_consolidated_lots_action")
        serials_action = self.env.ref("lot_traceability.stock_lot_consolidated_serials_action")
        products = self.Consolidated.search([("tracking", "=", "lot")]).product_id
        self.assertIn(self.product_lot, products)
        self.assertNotIn(self.product_serial, products)
        self.assertIn("'lot'", lots_action.domain)
        self.assertIn("'serial'", serials_action.domain)
        serial_line = self._line(self.product_serial)
        self.assertEqual((serial_line.quantity, serial_line.lot_count), (1 + 1, 2))

    def test_group_by_tracking(self):
        groups = self.Consolidated.read_group(
            [("product_id", "in", (self.product_lot | self.product_serial).ids)],
            ["quantity:sum", "lot_count:sum"],
            ["tracking"],
        )
        by_tracking = {group["tracking"]: group for group in groups}
        self.assertEqual(by_tracking["lot"]["quantity"], 15)
        self.assertEqual(by_tracking["serial"]["lot_count"], 2)

    def test_quantity_follows_stock_moves(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product_lot, self.stock_location, -10, lot_id=self.lot_a
        )
        line = self._line(self.product_lot)
        self.assertEqual((line.quantity, line.lot_count, line.location_count), (5, 1, 1))

    def test_drill_down_opens_the_products_lots_in_stock(self):
        action = self._line(self.product_lot).action_open_lots()
        self.assertEqual(action["res_model"], "stock.lot")
        lots = self.env["stock.lot"].search(action["domain"])
        self.assertEqual(lots, self.lot_a | self.lot_b)
        view = self.env.ref("lot_traceability.stock_lot_view_list_in_stock")
        self.assertEqual(action["views"][0], (view.id, "list"))
        arch = self.env["stock.lot"].get_view(view.id, "list")["arch"]
        for field in ("product_qty", "location_id", "expiration_date", "trace_status"):
            self.assertIn(f'name="{field}"', arch)

    def test_access_and_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        other_stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", other_company.id)], limit=1)
            .lot_stock_id
        )
        self._create_lot(self.product_lot, "FLOUR-OTHER", 7, location=other_stock)
        self.assertEqual(
            len(self.Consolidated.search([("product_id", "=", self.product_lot.id)])), 2
        )
        # A user of the first company sees only its line.
        line = self._line(self.product_lot, user=self.trace_user)
        self.assertEqual((len(line), line.quantity), (1, 15))
        self.trace_user.write({"company_ids": [(4, other_company.id)]})
        lines = (
            self.Consolidated.with_user(self.trace_user)
            .with_context(allowed_company_ids=[self.env.company.id, other_company.id])
            .search([("product_id", "=", self.product_lot.id)])
        )
        self.assertEqual(sorted(lines.mapped("quantity")), [7, 15])
        stock_only = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "consolidated_stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self._line(self.product_lot, user=stock_only)
