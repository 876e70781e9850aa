# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_serials import SerialsCommon


@tagged("post_install", "-at_install")
class TestAssets(SerialsCommon):
    def _assign(self, lots, partner, date=None, note=False, user=None):
        model = self.env["stock.lot.assign"]
        if user:
            model = model.with_user(user)
        vals = {"lot_ids": [(6, 0, lots.ids)], "partner_id": partner.id, "note": note}
        if date:
            vals["date"] = date
        return model.create(vals).action_assign()

    def test_assign_records_history_and_holder(self):
        serial = self._create_lot(self.product_serial, "SN-ASSET", 1)
        self._assign(serial, self.alice, self._date(1), note="Field kit", user=self.trace_user)
        self.assertEqual(serial.asset_holder_id, self.alice)
        self.assertEqual(serial.asset_assigned_date, self._date(1))
        self._assign(serial, self.bob, self._date(2))
        self._assign(serial, self.env["res.partner"], self._date(3))
        self.assertFalse(serial.asset_holder_id)
        self.assertEqual(
            [
                (a.partner_from_id.name, a.partner_to_id.name, a.user_id)
                for a in self.env["stock.lot.assignment"].search([("lot_id", "=", serial.id)])
            ],
            [
                ("Bob Technician", False, self.env.user),
                ("Alice Technician", "Bob Technician", self.env.user),
                (False, "Alice Technician", self.trace_user),
            ],
        )
        self.assertEqual(serial.location_id, self.stock_location)

    def test_assign_refuses_lots(self):
        lot = self._create_lot(self.product_lot, "FLOUR-ASSET", 5)
        with self.assertRaisesRegex(UserError, "Only serial numbers can be assigned.*FLOUR-ASSET"):
            self._assign(lot, self.alice)
        with self.assertRaisesRegex(ValidationError, "FLOUR-ASSET of Test Flour is a lot"):
            self.env["stock.lot.assignment"].create(
                {"lot_id": lot.id, "partner_to_id": self.alice.id}
            )

    def test_assign_refuses_a_serial_on_hold(self):
        serial = self._create_lot(
            self.product_serial,
            "SN-HOLD",
            1,
            trace_status="quarantine",
            trace_status_reason="Leaking valve",
        )
        with self.assertRaisesRegex(UserError, r"SN-HOLD.*assigned.*Quarantine.*Leaking valve"):
            self._assign(serial, self.alice)
        self.assertFalse(serial.asset_assignment_ids)

    def test_assign_refuses_same_holder_and_empty_return(self):
        serial = self._create_lot(self.product_serial, "SN-TWICE", 1)
        with self.assertRaisesRegex(UserError, "SN-TWICE held by nobody"):
            self._assign(serial, self.env["res.partner"])
        self._assign(serial, self.alice)
        with self.assertRaisesRegex(UserError, "SN-TWICE already held by Alice Technician"):
            self._assign(serial, self.alice)

    def test_timeline_in_date_order(self):
        serial = self.env["stock.lot"].create(
            {"name": "SN-LIFE", "product_id": self.product_serial.id}
        )
        self._receive(serial, self._date(1))
        self._transfer(
            serial,
            self.stock_location,
            self.shelf,
            self.warehouse.int_type_id,
            date=self._date(2),
        )
        self._assign(serial, self.alice, self._date(3))
        self._assign(serial, self.env["res.partner"], self._date(4))
        self._transfer(
            serial,
            self.shelf,
            self.stock_location,
            self.warehouse.int_type_id,
            date=self._date(5),
        )
        production, finished = self._produce("UNIT-LIFE", self._date(6))
        delivery = self._deliver(finished, self._date(7))
        self.assertEqual(
            [(e.event_type, e.date.day) for e in serial.timeline_ids],
            [
                ("receipt", 1),
                ("internal", 2),
                ("assignment", 3),
                ("assignment", 4),
                ("internal", 5),
                ("consumption", 6),
            ],
        )
        receipt = serial.timeline_ids[0]
        self.assertEqual(receipt.partner_id, self.supplier)
        self.assertEqual(receipt.location_dest_id, self.stock_location)
        assignment = serial.timeline_ids[2]
        self.assertEqual(assignment.partner_id, self.alice)
        consumption = serial.timeline_ids[-1]
        self.assertEqual(consumption.production_id, production)
        self.assertEqual(consumption.related_lot_id, finished)
        self.assertEqual(
            [(e.event_type, e.picking_id) for e in finished.timeline_ids],
            [("production", self.env["stock.picking"]), ("delivery", delivery)],
        )

    def test_customer_return_in_timeline(self):
        serial = self.env["stock.lot"].create(
            {"name": "SN-BACK", "product_id": self.product_serial.id}
        )
        self._receive(serial, self._date(1))
        self._deliver(serial, self._date(2))
        self._transfer(
            serial,
            self.customer_location,
            self.stock_location,
            self.warehouse.in_type_id,
            self.customer,
            self._date(3),
        )
        self.assertEqual(
            serial.timeline_ids.mapped("event_type"), ["receipt", "delivery", "customer_return"]
        )

    def test_access(self):
        serial = self._create_lot(self.product_serial, "SN-ACCESS", 1)
        self._assign(serial, self.alice, user=self.trace_user)
        assignment = serial.asset_assignment_ids
        with self.assertRaises(AccessError):
            assignment.with_user(self.trace_user).unlink()
        with self.assertRaises(AccessError):
            assignment.with_user(self.trace_user).write({"note": "rewritten"})
        assignment.with_user(self.trace_manager).write({"note": "fixed typo"})
        stock_only = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "asset_stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.env["stock.lot.assignment"].with_user(stock_only).search([])
        with self.assertRaises(AccessError):
            self.env["stock.lot.timeline"].with_user(stock_only).search([])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Rentals"})
        other_product = self.env["product.product"].create(
            {
                "name": "Other Drill",
                "is_storable": True,
                "tracking": "serial",
                "company_id": other_company.id,
            }
        )
        other_serial = self.env["stock.lot"].create(
            {"name": "SN-OTHER", "product_id": other_product.id, "company_id": other_company.id}
        )
        self.env["stock.lot.assignment"].create(
            {"lot_id": other_serial.id, "partner_to_id": self.alice.id}
        )
        serial = self._create_lot(self.product_serial, "SN-HOME", 1)
        self._assign(serial, self.alice)
        Assignment = self.env["stock.lot.assignment"].with_user(self.trace_user)
        self.assertEqual(Assignment.search([("partner_to_id", "=", self.alice.id)]).lot_id, serial)
        Timeline = self.env["stock.lot.timeline"].with_user(self.trace_user)
        self.assertFalse(Timeline.search([("lot_id", "=", other_serial.id)]))
