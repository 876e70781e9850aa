# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_lots import LotsCommon


@tagged("post_install", "-at_install")
class TestLotAttributes(LotsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_1 = cls.env["stock.lot.production.line"].create(
            {"name": "Mill line 1", "code": "M1"}
        )
        cls.line_2 = cls.env["stock.lot.production.line"].create(
            {"name": "Mill line 2", "code": "M2"}
        )
        cls.france = cls.env.ref("base.fr")
        cls.lot_a = cls._create_lot(
            cls.product_lot,
            "FLOUR-A",
            production_date=date(2026, 3, 2),
            shift="A",
            production_line_id=cls.line_1.id,
            supplier_id=cls.vendor.id,
            supplier_lot_name="MILL-88120",
            origin_country_id=cls.france.id,
        )
        cls.lot_b = cls._create_lot(
            cls.product_lot,
            "FLOUR-B",
            production_date=date(2026, 3, 3),
            shift="B",
            production_line_id=cls.line_2.id,
        )

    def test_search_by_attributes(self):
        Lot = self.env["stock.lot"]
        self.assertEqual(Lot.search([("supplier_lot_name", "ilike", "88120")]), self.lot_a)
        self.assertEqual(Lot.search([("production_line_id", "=", "Mill line 2")]), self.lot_b)
        self.assertEqual(
            Lot.search([("product_id", "=", self.product_lot.id), ("shift", "=", "A")]), self.lot_a
        )
        self.assertEqual(
            Lot.search(
                [("production_date", ">=", "2026-03-03"), ("product_id", "=", self.product_lot.id)]
            ),
            self.lot_b,
        )

    def test_group_by_attributes(self):
        groups = self.env["stock.lot"]._read_group(
            [("product_id", "=", self.product_lot.id)], ["production_line_id", "shift"], ["__count"]
        )
        self.assertEqual(
            sorted((line.code, shift, count) for line, shift, count in groups),
            [("M1", "A", 1), ("M2", "B", 1)],
        )

    def test_attributes_in_views(self):
        Lot = self.env["stock.lot"]
        views = Lot.get_views([(False, "form"), (False, "list"), (False, "search")])["views"]
        for attribute in ("production_date", "shift", "production_line_id", "supplier_id"):
            self.assertIn(f'name="{attribute}"', views["form"]["arch"])
            self.assertIn(f'name="{attribute}"', views["list"]["arch"])
            self.assertIn(f'name="{attribute}"', views["search"]["arch"])
        self.assertIn("group_by_production_line", views["search"]["arch"])

    def test_receipt_fills_supplier(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.product_lot, 5, partner=self.vendor_contact
        )
        receipt.move_ids.move_line_ids = [
            Command.clear(),
            Command.create(
                {
                    "product_id": self.product_lot.id,
                    "lot_name": "FLOUR-RECEIVED",
                    "quantity": 5,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.stock_location.id,
                    "picking_id": receipt.id,
                }
            ),
        ]
        receipt.move_ids.picked = True
        receipt.button_validate()
        lot = receipt.move_line_ids.lot_id
        self.assertEqual(lot.name, "FLOUR-RECEIVED")
        self.assertEqual(lot.supplier_id, self.vendor, "the vendor company, not its contact")

    def test_manufacturing_fills_production_date(self):
        self._create_lot(self.product_lot, "FLOUR-OK", 10)
        production = self._create_cake_production()
        production.action_generate_serial()
        self.assertEqual(
            production.lot_producing_id.production_date, fields.Date.context_today(production)
        )

    def test_lot_typed_on_the_order_gets_the_production_date_when_done(self):
        self._create_lot(self.product_lot, "FLOUR-OK", 10)
        production = self._create_cake_production()
        lot = self.env["stock.lot"].create(
            {"name": "CAKE-TYPED", "product_id": self.product_cake.id}
        )
        self.assertFalse(lot.production_date)
        # planned three days ago: its planned end is not the day it is done
        production.date_start = fields.Datetime.now() - timedelta(days=3)
        production.action_assign()
        production.write({"lot_producing_id": lot.id, "qty_producing": 1})
        production._set_qty_producing(False)
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        today = fields.Date.context_today(production)
        self.assertEqual(lot.production_date, today, "the day it was done")
        self.assertEqual(fields.Date.context_today(production, production.date_finished), today)

    def test_production_date_given_is_kept_when_done(self):
        self._create_lot(self.product_lot, "FLOUR-OK", 10)
        production = self._create_cake_production()
        lot = self.env["stock.lot"].create(
            {
                "name": "CAKE-DATED",
                "product_id": self.product_cake.id,
                "production_date": "2026-01-05",
            }
        )
        production.action_assign()
        production.write({"lot_producing_id": lot.id, "qty_producing": 1})
        production._set_qty_producing(False)
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(lot.production_date, date(2026, 1, 5))

    def test_production_line_belongs_to_lot_company(self):
        other_company = self.env["res.company"].create({"name": "Other Mill Co"})
        foreign_line = self.env["stock.lot.production.line"].create(
            {"name": "Foreign line", "company_id": other_company.id}
        )
        lot = self._create_lot(self.product_lot, "FLOUR-C", company_id=self.env.company.id)
        with self.assertRaisesRegex(UserError, "[Ii]ncompatible compan"):
            lot.production_line_id = foreign_line


@tagged("post_install", "-at_install")
class TestLotAccess(LotsCommon):
    def test_user_reads_and_edits_lots(self):
        lot = self._create_lot(self.product_lot, "FLOUR-EDIT", 5)
        line = self.env["stock.lot.production.line"].create({"name": "Line 9"})
        lot_as_user = lot.with_user(self.trace_user)
        lot_as_user.write(
            {
                "production_date": "2026-01-05",
                "shift": "Night",
                "production_line_id": line.id,
                "supplier_id": self.vendor.id,
                "supplier_lot_name": "V-1",
                "origin_country_id": self.env.ref("base.be").id,
            }
        )
        self.assertEqual(lot_as_user.read(["shift"])[0]["shift"], "Night")
        created = (
            self.env["stock.lot"]
            .with_user(self.trace_user)
            .create({"name": "FLOUR-NEW", "product_id": self.product_lot.id, "shift": "A"})
        )
        self.assertEqual(created.shift, "A")

    def test_user_cannot_configure_production_lines(self):
        with self.assertRaises(AccessError):
            self.env["stock.lot.production.line"].with_user(self.trace_user).create({"name": "L"})
        line = (
            self.env["stock.lot.production.line"]
            .with_user(self.trace_manager)
            .create({"name": "L"})
        )
        self.assertEqual(line.with_user(self.trace_user).name, "L")

    def test_manager_releases_user_cannot(self):
        lot = self._create_lot(self.product_lot, "FLOUR-REL", 5)
        lot.with_user(self.trace_user).write(
            {"trace_status": "blocked", "trace_status_reason": "Pest"}
        )
        with self.assertRaisesRegex(AccessError, "Only Traceability managers can release"):
            lot.with_user(self.trace_user).write({"trace_status": "available"})
        self.assertEqual(lot.trace_status, "blocked")
        lot.with_user(self.trace_manager).write({"trace_status": "available"})
        self.assertEqual(lot.trace_status, "available")
