# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recall form's first read (issue #18, item 3): what the web client's ``web_read`` asks
for stays bounded for a hub recall (56,000 affected lots, 250,000 deliveries). The bakery
recall story."""

from unittest.mock import patch

from odoo.models import BaseModel
from odoo.tests import tagged

from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallFormRead(RecallCommon):
    def _fetched_models(self, read):
        """The models whose records ``read()`` fetched from the database."""
        fetched = []
        original = BaseModel._fetch_query

        def fetch_query(records, query, fields):
            fetched.append(records._name)
            return original(records, query, fields)

        self.env.invalidate_all()
        with patch.object(BaseModel, "_fetch_query", fetch_query):
            read()
        return fetched

    def test_values_without_valuation_read_no_line(self):
        """Without stock valuation the recall's values are 0 and say why, from no line of the
        recall: a hub's form read its 56,000 affected lots and 20,000 on-hand lines for it."""
        recall = self._open_recall()
        self.assertFalse(self.env["stock.lot"]._lot_traceability_has_valuation())
        fields = ["value_on_hand", "value_delivered", "value_held", "lot_cost_note"]
        fetched = self._fetched_models(lambda: recall.read(fields))
        self.assertNotIn("stock.lot.recall.lot", fetched)
        self.assertNotIn("stock.lot.recall.onhand", fetched)
        self.assertEqual(recall.value_on_hand, 0.0)
        self.assertEqual(recall.value_held, 0.0)
        self.assertIn("not installed", recall.lot_cost_note)
