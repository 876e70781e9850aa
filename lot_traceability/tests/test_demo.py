# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common_demo import DemoCase


@tagged("post_install", "-at_install")
class TestDemoStories(DemoCase):
    """The demo database tells the stories every feature is tried on."""

    def _on_hand(self, lot):
        quants = lot.quant_ids.filtered(lambda q: q.location_id.usage == "internal")
        return sum(quants.mapped("quantity"))

    def test_bolts(self):
        hex_bolt = self._ref("product_hex_bolt_demo")
        self.assertEqual(hex_bolt.tracking, "none")
        self.assertTrue(
            self.env["stock.warehouse.orderpoint"].search([("product_id", "=", hex_bolt.id)])
        )
        lot_a = self._ref("lot_stainless_bolt_a_demo")
        lot_b = self._ref("lot_stainless_bolt_b_demo")
        self.assertEqual(lot_a.product_id, lot_b.product_id)
        self.assertEqual(lot_a.product_id.tracking, "lot")
        self.assertTrue(lot_a.production_date < lot_b.production_date)
        self.assertTrue(lot_a.shift and lot_b.shift and lot_a.production_line_id)

    def test_production_dates_agree_with_the_dates_in_lot_names(self):
        dated = {
            self._ref("lot_stainless_bolt_a_demo"): "2026-03-12",
            self._ref("lot_stainless_bolt_b_demo"): "2026-09-27",
            self._ref("lot_cookie_batch_demo"): "2026-11-15",
        }
        for lot, day in dated.items():
            self.assertIn(day.replace("-", "")[4:], lot.name.replace("-", ""))
            self.assertEqual(str(lot.production_date), day, lot.name)

    def test_compressors_in_two_warehouses(self):
        compressor = self._ref("product_compressor_demo")
        self.assertEqual(compressor.tracking, "serial")
        quants = self.env["stock.quant"].search(
            [("product_id", "=", compressor.id), ("location_id.usage", "=", "internal")]
        )
        self.assertEqual(len(quants.location_id.warehouse_id), 2)

    def test_bakery_batch_produced_from_supplier_lots_and_delivered(self):
        batch = self._ref("lot_cookie_batch_demo")
        production = self._ref("production_cookie_batch_demo")
        self.assertEqual(production.state, "done")
        self.assertEqual(production.lot_producing_id, batch)
        consumed_lots = production.move_raw_ids.move_line_ids.lot_id
        self.assertEqual(
            consumed_lots,
            self._ref("lot_flour_demo")
            | self._ref("lot_butter_demo")
            | self._ref("lot_sugar_demo"),
        )
        for lot in consumed_lots:
            receipt = self.env["stock.move.line"].search(
                [("lot_id", "=", lot.id), ("picking_code", "=", "incoming"), ("state", "=", "done")]
            )
            self.assertTrue(receipt.picking_partner_id, f"{lot.name} came from a supplier")
        deliveries = self.env["stock.move.line"].search(
            [
                ("lot_id", "=", batch.id),
                ("location_dest_id.usage", "=", "customer"),
                ("state", "=", "done"),
            ]
        )
        self.assertEqual(
            deliveries.picking_id.partner_id.commercial_partner_id,
            self._ref("partner_bistro_demo") | self._ref("partner_grocer_demo"),
        )
        self.assertEqual(self._on_hand(batch), 6.0)

    def test_bakery_trays_split_from_the_batch_reach_both_customers(self):
        batch = self._ref("lot_cookie_batch_demo")
        trays = self.env["stock.lot"].search([("name", "=like", f"{batch.name}-%")])
        self.assertEqual(len(trays), 3)
        self.assertEqual(trays.product_id, self._ref("product_cookie_tray_demo"))
        self.assertEqual(set(batch._get_downstream_lots().ids), set((batch | trays).ids))
        customers = {
            delivery["commercial_partner_id"]
            for delivery in self._ref("lot_flour_demo")._get_customer_deliveries()
            if delivery["lot_id"] in trays.ids
        }
        self.assertEqual(
            customers, {self._ref("partner_bistro_demo").id, self._ref("partner_grocer_demo").id}
        )
        self.assertEqual(sum(self._on_hand(tray) for tray in trays), 6.0)

    def test_engine_assembly(self):
        assembly = self._ref("production_engine_assembly_demo")
        self.assertEqual(assembly.state, "done")
        self.assertEqual(
            assembly.move_raw_ids.move_line_ids.lot_id,
            self._ref("serial_engine_left_demo") | self._ref("serial_engine_right_demo"),
        )
        self.assertEqual(self._on_hand(self._ref("serial_engine_left_2_demo")), 1.0)
