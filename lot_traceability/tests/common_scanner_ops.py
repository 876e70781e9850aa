# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields

from .common import TraceabilityCommon


def gtin_with_check_digit(digits13):
    """A GTIN-14 from its first 13 digits (GS1 mod-10 check digit)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits13))
    return digits13 + str((10 - total % 10) % 10)


class ScannerOpsCommon(TraceabilityCommon):
    """The bakery at the dock: flour and butter (kg, dated lots, GTINs) arrive from the mill on
    one receipt; cookie trays (units, dated lots) leave on a delivery to the bistro, one tray lot
    on hold; a serial-tracked mixer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.in_type = cls.warehouse.in_type_id
        cls.out_type = cls.warehouse.out_type_id
        cls.mill = cls.env["res.partner"].create({"name": "Dock Mill", "is_company": True})
        cls.bistro = cls.env["res.partner"].create({"name": "Dock Bistro", "is_company": True})
        cls.gtin_flour = gtin_with_check_digit("0890999400001")
        cls.gtin_butter = gtin_with_check_digit("0890999400002")
        cls.gtin_tray = gtin_with_check_digit("0890999400003")
        cls.gtin_mixer = gtin_with_check_digit("0890999400004")
        cls.category = cls.env["product.category"].create(
            {"name": "Dock", "removal_strategy_id": cls.env.ref("product_expiry.removal_fefo").id}
        )
        cls.flour = cls._create_dated_product("Dock Flour", cls.uom_kg, cls.gtin_flour)
        cls.butter = cls._create_dated_product("Dock Butter", cls.uom_kg, cls.gtin_butter)
        cls.tray = cls._create_dated_product("Dock Cookie Tray", cls.uom_unit, cls.gtin_tray)
        cls.mixer = cls.env["product.product"].create(
            {
                "name": "Dock Mixer",
                "is_storable": True,
                "tracking": "serial",
                "barcode": cls.gtin_mixer[1:],
            }
        )
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf D1", "location_id": cls.stock_location.id, "barcode": "LOC-D1"}
        )
        cls.receipt = cls._create_picking(
            cls.in_type, cls.mill, [(cls.flour, 50), (cls.butter, 20), (cls.mixer, 2)]
        )
        # trays: T-OLD expires first but is on hold, T-NEXT then T-LATE by FEFO
        now = fields.Datetime.now()
        cls.tray_held = cls._create_lot(
            cls.tray, "T-OLD", 10, cls.shelf, expiration_date=now + timedelta(days=5)
        )
        cls.tray_next = cls._create_lot(
            cls.tray, "T-NEXT", 10, cls.shelf, expiration_date=now + timedelta(days=10)
        )
        cls.tray_late = cls._create_lot(
            cls.tray, "T-LATE", 10, cls.shelf, expiration_date=now + timedelta(days=20)
        )
        cls.tray_held.write({"trace_status": "blocked", "trace_status_reason": "Broken seal"})
        cls.delivery = cls._create_picking(cls.out_type, cls.bistro, [(cls.tray, 12)])
        cls.Receive = cls.env["stock.lot.scanner.receive"]
        cls.Pick = cls.env["stock.lot.scanner.pick"]

    @classmethod
    def _create_dated_product(cls, name, uom, gtin):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "tracking": "lot",
                "uom_id": uom.id,
                "uom_po_id": uom.id,
                "use_expiration_date": True,
                "barcode": gtin[1:],
                "categ_id": cls.category.id,
            }
        )
        return product

    @classmethod
    def _create_picking(cls, picking_type, partner, products):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": picking_type.default_location_src_id.id
                or cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": picking_type.default_location_dest_id.id
                or cls.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                        },
                    )
                    for product, quantity in products
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _snapshot(self):
        """Everything a refused scan must leave as it was: move lines, lots, quants."""
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["stock.move.line"]
            .search([])
            .read(["lot_id", "lot_name", "quantity", "picked", "location_id"]),
            self.env["stock.lot"].search([]).read(["name", "product_id", "trace_status"]),
            self.env["stock.quant"].search([]).read(["lot_id", "quantity", "reserved_quantity"]),
        )

    def assertNothingWritten(self, before):
        self.assertEqual(self._snapshot(), before, "a refused scan wrote something")
