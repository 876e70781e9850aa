# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .common import TraceabilityCommon


class BuildCommon(TraceabilityCommon):
    """Two stories: an engine assembly (3 bolts, a left and a right engine serial) and a cookie
    batch (20 kg flour, 5 kg butter and 8 kg sugar per 30 kg batch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Product = cls.env["product.product"]
        lot_kg = {"is_storable": True, "tracking": "lot", "uom_id": cls.uom_kg.id}
        lot_kg["uom_po_id"] = cls.uom_kg.id
        # engine assembly
        cls.bolt = Product.create(
            {"name": "Stainless Bolt", "is_storable": True, "tracking": "lot"}
        )
        cls.engine = Product.create({"name": "Engine", "is_storable": True, "tracking": "serial"})
        cls.assembly = Product.create(
            {"name": "Engine Assembly", "is_storable": True, "tracking": "serial"}
        )
        cls.bom_assembly = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.assembly.product_tmpl_id.id,
                "product_qty": 1.0,
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.bolt.id, "product_qty": 3.0, "sequence": 1}),
                    (
                        0,
                        0,
                        {
                            "product_id": cls.engine.id,
                            "product_qty": 1.0,
                            "trace_slot": "Left engine",
                            "sequence": 2,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "product_id": cls.engine.id,
                            "product_qty": 1.0,
                            "trace_slot": "Right engine",
                            "sequence": 3,
                        },
                    ),
                ],
            }
        )
        cls.bolt_lot = cls._create_lot(cls.bolt, "BOLT-A", 100)
        cls.engine_left = cls._create_lot(cls.engine, "ENG-L1", 1)
        cls.engine_right = cls._create_lot(cls.engine, "ENG-R1", 1)
        # cookie batch
        cls.flour = Product.create(dict(lot_kg, name="Flour"))
        cls.butter = Product.create(dict(lot_kg, name="Butter"))
        cls.sugar = Product.create(dict(lot_kg, name="Sugar"))
        cls.cookie = Product.create(dict(lot_kg, name="Cookie Batch"))
        cls.bom_cookie = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.cookie.product_tmpl_id.id,
                "product_qty": 30.0,
                "product_uom_id": cls.uom_kg.id,
                "bom_line_ids": [
                    (0, 0, {"product_id": product.id, "product_qty": qty, "sequence": seq})
                    for seq, (product, qty) in enumerate(
                        [(cls.flour, 20.0), (cls.butter, 5.0), (cls.sugar, 8.0)]
                    )
                ],
            }
        )
        cls.flour_lot = cls._create_lot(cls.flour, "FLOUR-1", 50)
        cls.butter_lot = cls._create_lot(cls.butter, "BUTTER-1", 10)
        cls.sugar_lot = cls._create_lot(cls.sugar, "SUGAR-1", 20)

    @classmethod
    def _new_build(cls, product, user=None, **vals):
        env = cls.env(user=user) if user else cls.env
        return env["stock.lot.build"].create({"product_id": product.id, **vals})

    def _on_hand(self, lot):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "child_of", self.stock_location.id)])
            .mapped("quantity")
        )
