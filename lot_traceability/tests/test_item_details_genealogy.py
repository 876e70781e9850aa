# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestItemDetailsAcrossLevels(GenealogyCommon):
    """A lot's item details follow it through every level: flour → cookie batch (manufacturing)
    → trays (split) → a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour_lot = cls._create_lot(cls.flour, "FLOUR-ID-1", 50)
        cls.butter_lot = cls._create_lot(cls.butter, "BUTTER-ID-1", 10)
        cls.batch, cls.production = cls._produce(
            cls.cookie_batch, "BATCH-ID-1", 20, [(cls.flour_lot, 15), (cls.butter_lot, 5)]
        )
        cls.trays = cls._split(cls.batch, unit_count=2, unit_quantity=5)
        cls.delivery = cls._deliver(cls.trays[0], 5, cls.bistro_kitchen)

    def _details(self, lot):
        report = self.env["report.lot_traceability.report_lot_item_details"]
        return report._get_lots_details(lot)[lot.id]

    def test_lots_made_from_the_flour_at_every_level(self):
        finished = self._details(self.flour_lot)["finished"]
        self.assertEqual(
            [(item["depth"], item["lot"], item["parent"]) for item in finished],
            [(1, self.batch, self.flour_lot)]
            + [(2, tray, self.batch) for tray in self.trays.sorted("id")],
        )
        self.assertEqual(finished[0]["document"], self.production)
        self.assertEqual(finished[1]["document"]._name, "stock.lot.transformation")

    def test_flour_shipped_to_the_customer_through_a_tray(self):
        deliveries = self._details(self.flour_lot)["deliveries"]
        self.assertEqual(
            [(d["partner"], d["via"], d["document"], d["quantity"]) for d in deliveries],
            [(self.bistro_kitchen, self.trays[0], self.delivery, 5.0)],
        )
