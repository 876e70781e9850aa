# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.lot_traceability.tests.common_recall import RecallCommon


class TestLotCost(RecallCommon):
    """The cookie story of the recall tests, with costs: flour at 2.00/kg and butter at
    10.00/kg (product costs: these products are valued as a whole), baked into a 50 kg batch
    (40 kg flour, 10 kg butter: 3.60/kg) split into trays of 0.5 kg (1.80 a tray)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour.standard_price = 2.0
        cls.butter.standard_price = 10.0
        # what the product would cost without the roll-up: must not be used
        cls.cookie_batch.standard_price = 99.0
        cls.cookie_tray.standard_price = 99.0

    def _create_sugar(self):
        sugar = self._create_lot_product("Test Sugar", self.uom_kg)
        sugar.categ_id = self.env["product.category"].create(
            {"name": "Test Sugars", "property_cost_method": "average"}
        )
        sugar.lot_valuated = True
        return sugar

    def _receive_at(self, product, lot_name, quantity, price_unit):
        lot = self.env["stock.lot"].create({"name": lot_name, "product_id": product.id})
        picking = self._move_lot(
            lot,
            quantity,
            self.supplier_location,
            self.stock_location,
            self.mill,
            picking_type=self.in_type,
            validate=False,
        )
        picking.move_ids.price_unit = price_unit
        picking.move_ids.picked = True
        picking._action_done()
        return lot

    def test_batch_cost_is_its_inputs_cost(self):
        self.assertTrue(self.batch.lot_cost_available)
        self.assertFalse(self.batch.lot_cost_note)
        self.assertAlmostEqual(self.batch.lot_unit_cost, 3.6)

    def test_tray_cost_is_batch_cost_per_tray(self):
        for tray in self.trays:
            self.assertAlmostEqual(tray.lot_unit_cost, 3.6 * 0.5)

    def test_lot_valuated_lot_costs_its_own_value(self):
        sugar = self._create_sugar()
        cheap = self._receive_at(sugar, "SUGAR-CHEAP", 10, 1.0)
        dear = self._receive_at(sugar, "SUGAR-DEAR", 30, 3.0)
        self.assertAlmostEqual(cheap.lot_unit_cost, 1.0)
        self.assertAlmostEqual(dear.lot_unit_cost, 3.0)
        # consuming part of a lot does not change what it cost
        self._deliver(dear, 20, self.grocer)
        dear.invalidate_recordset()
        self.assertAlmostEqual(dear.lot_unit_cost, 3.0)

    def test_merge_costs_the_merged_inputs(self):
        sugar = self._create_sugar()
        cheap = self._receive_at(sugar, "SUGAR-CHEAP", 10, 1.0)
        dear = self._receive_at(sugar, "SUGAR-DEAR", 30, 3.0)
        merged = self._merge(cheap | dear, "SUGAR-MERGED", quantities=[10, 10])
        # 10 kg at 1.00 and 10 kg at 3.00; the product's average (2.50) is not the lot's cost
        self.assertAlmostEqual(merged.lot_unit_cost, 2.0)

    def test_recall_values(self):
        recall = self._open_recall()
        lines = {line.lot_id: line for line in recall.affected_lot_ids}
        cost = {
            self.flour_bad: 2.0,
            self.batch: 3.6,
            **dict.fromkeys(self.trays, 1.8),
        }
        self.assertEqual(set(lines), set(cost))
        self.assertAlmostEqual(
            recall.value_on_hand,
            sum(lines[lot].qty_on_hand * unit for lot, unit in cost.items()),
        )
        # on hand: flour 60 kg, batch 10 kg, trays 8 + 12 + 5 + 20
        self.assertAlmostEqual(recall.value_on_hand, 60 * 2.0 + 10 * 3.6 + 45 * 1.8)
        self.assertAlmostEqual(recall.value_delivered, (12 + 8 + 20 - 5) * 1.8)
        self.assertEqual(recall.value_held, 0.0)
        recall.action_hold_stock()
        self.assertAlmostEqual(recall.value_held, recall.value_on_hand)

    def test_item_details_show_the_unit_cost(self):
        html = str(self.tray_1.item_details_html)
        self.assertIn("Unit cost:", html)
        self.assertIn("o_lt_lot_unit_cost", html)
        self.assertNotIn("Stock valuation is not installed", html)

    def test_consolidated_lot_value(self):
        line = self.env["stock.lot.consolidated"].search([("product_id", "=", self.cookie_tray.id)])
        self.assertTrue(line.lot_cost_available)
        # trays on hand: 8 + 12 + 5 + 20, at 1.80; the product's cost (99.00) is not used
        self.assertAlmostEqual(line.lot_value, 45 * 1.8)
