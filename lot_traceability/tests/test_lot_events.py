# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError

from .common_supply_chain import SupplyChainCommon


class TestLotEvents(SupplyChainCommon):
    def _kinds(self, lot):
        return [(event.cte, event.kind) for event in self._events(lot)]

    def test_received_lot_events(self):
        """The flour lot: received from the mill, consumed by the bake, put on hold, recalled."""
        self.assertCountEqual(
            self._kinds(self.flour_bad),
            [
                ("receiving", "receipt"),
                ("transformation", "consumption"),
                ("hold", "hold"),
                ("recall", "recall"),
            ],
        )
        receipt = self._events(self.flour_bad)[0]
        self.assertEqual(receipt.partner_id, self.mill)
        self.assertEqual(receipt.quantity, 100)
        self.assertEqual(receipt.warehouse_id, self.warehouse)
        self.assertEqual(receipt.res_model, "stock.picking")
        status = self._events(self.flour_bad).filtered(lambda event: event.message_id)
        self.assertEqual(sorted(status.mapped("trace_status")), ["quarantine", "recalled"])

    def test_transformation_documents(self):
        """The bake is one manufacturing order (flour and butter in, the batch out); the split
        is one lot transformation (the batch in, four tray lots out)."""
        bake = self.Event.search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", self.bake_mo.id)]
        )
        self.assertEqual(
            {(event.lot_id, event.kind) for event in bake},
            {
                (self.flour_bad, "consumption"),
                (self.butter_lot, "consumption"),
                (self.batch, "production"),
            },
        )
        split = self.Event.search(
            [("res_model", "=", "stock.lot.transformation"), ("lot_id", "=", self.batch.id)]
        )
        self.assertEqual(split.kind, "consumption")
        outputs = self.Event.search(
            [
                ("res_model", "=", "stock.lot.transformation"),
                ("res_id", "=", split.res_id),
                ("kind", "=", "production"),
            ]  # fmt: skip
        )
        self.assertEqual(outputs.lot_id, self.trays)

    def test_delivered_and_returned(self):
        """A delivery and a customer's return are events; a delivery not done yet is not."""
        self.assertEqual(
            self._kinds(self.tray_3),
            [
                ("transformation", "production"),
                ("shipping", "delivery"),
                ("receiving", "customer_return"),
            ],
        )
        self.assertEqual(self._kinds(self.tray_4), [("transformation", "production")])

    def test_derived_not_copied(self):
        """No table of events: a delivery done now is an event at once, read from the move."""
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'stock_lot_event'"
        )
        self.assertFalse(self.env.cr.fetchall())
        self._deliver(self.tray_4, 5, self.grocer)
        self.assertEqual(self._kinds(self.tray_4)[-1], ("shipping", "delivery"))

    def test_return_to_supplier_is_shipping(self):
        self._move_lot(self.flour_ok, 10, self.stock_location, self.supplier_location, self.mill)
        self.assertEqual(self._kinds(self.flour_ok)[-1], ("shipping", "vendor_return"))

    def test_other_company_events_hidden(self):
        other = self.env["res.company"].create({"name": "Other Bakery"})
        lot, __ = self._receive_in_company(other, "FLOUR-OTHER", 5, self.mill)
        self.assertTrue(self.Event.search([("lot_id", "=", lot.id)]))
        user_events = self.Event.with_user(self.trace_user).search([("lot_id", "=", lot.id)])
        self.assertFalse(user_events)

    def test_gln_check_digit(self):
        """GLNs: 13 digits with a valid GS1 check digit; the error names the record."""
        with self.assertRaisesRegex(ValidationError, "9521111000007 of Test Mill is not valid"):
            self.mill.global_location_number = "9521111000007"
        with self.assertRaisesRegex(ValidationError, "expected 6"):
            self.mill.global_location_number = "9521111000007"
        with self.assertRaisesRegex(ValidationError, "952111100000 of Test Mill"):
            self.mill.global_location_number = "952111100000"
        with self.assertRaisesRegex(ValidationError, "of " + self.warehouse.display_name):
            self.warehouse.global_location_number = "9521234000045"
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            self.env.company.global_location_number = "ABCDEFGHIJKLM"
        self.mill.global_location_number = "9521111000006"
        self.assertEqual(self.mill.global_location_number, "9521111000006")

    def test_food_traceability_list_inherited(self):
        """The flag of a category reaches its sub-categories and their products."""
        parent = self.env["product.category"].create({"name": "Fresh"})
        child = self.env["product.category"].create({"name": "Leafy", "parent_id": parent.id})
        lettuce = self.env["product.template"].create({"name": "Lettuce", "categ_id": child.id})
        self.assertFalse(lettuce.is_food_traceability)
        parent.food_traceability_list = True
        self.assertTrue(child.is_food_traceability)
        self.assertTrue(lettuce.is_food_traceability)
        parent.food_traceability_list = False
        self.assertFalse(lettuce.is_food_traceability)
        lettuce.food_traceability_list = True
        self.assertTrue(lettuce.is_food_traceability)
