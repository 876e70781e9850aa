# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .common_genealogy import GenealogyCommon


class RecallCommon(GenealogyCommon):
    """The bakery recall story.

    Flour lot FLOUR-BAD (100 kg received from the mill) is found defective. 40 kg of it and 10
    kg of butter were baked into the cookie batch COOKIES-1 (50 kg, a real manufacturing order);
    40 kg of the batch were split into four tray lots of 20 trays (0.5 kg a tray). Then:

    - the Bistro received 12 trays of COOKIES-1-001 at its main address and 8 trays of
      COOKIES-1-002 at its kitchen door (two delivery addresses);
    - the Grocer received 20 trays of COOKIES-1-003 and returned 5 (net 15);
    - 5 trays of COOKIES-1-004 are reserved on a delivery to the Grocer not shipped yet;
    - on hand: 60 kg FLOUR-BAD, 10 kg COOKIES-1, 8 + 12 + 5 + 20 trays.

    FLOUR-OK (50 kg, another lot of the same flour) and its stock are not affected.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bistro.email = "bistro@example.com"
        cls.grocer.email = "grocer@example.com"
        cls.flour_bad = cls._receive(cls.flour, "FLOUR-BAD", 100)
        cls.flour_ok = cls._receive(cls.flour, "FLOUR-OK", 50)
        cls.butter_lot = cls._receive(cls.butter, "BUTTER-1", 20)
        cls.batch, cls.bake_mo = cls._produce(
            cls.cookie_batch, "COOKIES-1", 50, [(cls.flour_bad, 40), (cls.butter_lot, 10)]
        )
        cls.trays = cls._split(
            cls.batch,
            unit_product_id=cls.cookie_tray.id,
            unit_factor=0.5,
            unit_count=4,
            unit_quantity=20,
        )
        cls.tray_1, cls.tray_2, cls.tray_3, cls.tray_4 = cls.trays
        cls.delivery_bistro = cls._deliver(cls.tray_1, 12, cls.bistro)
        cls.delivery_kitchen = cls._deliver(cls.tray_2, 8, cls.bistro_kitchen)
        cls.delivery_grocer = cls._deliver(cls.tray_3, 20, cls.grocer)
        cls.return_grocer = cls._move_lot(
            cls.tray_3,
            5,
            cls.customer_location,
            cls.stock_location,
            cls.grocer,
            picking_type=cls.in_type,
        )
        cls.pending_grocer = cls._deliver(cls.tray_4, 5, cls.grocer, validate=False)
        cls.quarantine = cls.env.ref("lot_traceability.stock_location_quarantine")
        cls.Recall = cls.env["stock.lot.recall"]

    @classmethod
    def _receive(cls, product, lot_name, quantity):
        lot = cls.env["stock.lot"].create({"name": lot_name, "product_id": product.id})
        cls._move_lot(
            lot,
            quantity,
            cls.supplier_location,
            cls.stock_location,
            cls.mill,
            picking_type=cls.in_type,
        )
        return lot

    def _create_recall(self, lots=None, **vals):
        return self.Recall.create(
            {
                "reason": "Glass fragments found in flour lot FLOUR-BAD",
                "classification": "class_1",
                "suspect_lot_ids": [(6, 0, (self.flour_bad if lots is None else lots).ids)],
                "responsible_id": self.trace_manager.id,
                **vals,
            }
        )

    def _open_recall(self, lots=None, **vals):
        recall = self._create_recall(lots, **vals)
        recall.action_open()
        return recall

    def _on_hand(self, lot, location=None):
        quants = self.env["stock.quant"]._gather(
            lot.product_id, location or self.stock_location, lot_id=lot, strict=True
        )
        return sum(quants.mapped("quantity"))
