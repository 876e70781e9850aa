# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from .common_recall import RecallCommon


class TestLotCostWithoutValuation(RecallCommon):
    """Without Odoo's valuation (simulated: lot_traceability_account answers that it is there
    when stock_account is installed), no cost is shown and the lot and the recall say why."""

    def test_no_valuation_says_so(self):
        recall = self._open_recall()
        with patch.object(
            type(self.env["stock.lot"]), "_lot_traceability_has_valuation", return_value=False
        ):
            self.tray_1.invalidate_recordset()
            recall.invalidate_recordset()
            self.assertFalse(self.tray_1.lot_cost_available)
            self.assertEqual(self.tray_1.lot_unit_cost, 0.0)
            self.assertIn("Stock valuation is not installed", self.tray_1.lot_cost_note)
            self.assertIn("Stock valuation is not installed", recall.lot_cost_note)
            self.assertEqual(recall.value_on_hand, 0.0)
            self.assertEqual(recall.value_delivered, 0.0)
            self.assertEqual(recall.value_held, 0.0)
            html = str(self.tray_1.item_details_html)
            self.assertIn("Stock valuation is not installed", html)
