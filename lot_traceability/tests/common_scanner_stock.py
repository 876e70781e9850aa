# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .common_genealogy import GenealogyCommon


class ScannerStockCommon(GenealogyCommon):
    """The bakery's stock room for the scanner's Move and Count.

    WH/Stock has two shelves, *Shelf A* (barcode SHELF-A) and *Shelf B* (SHELF-B); a putaway
    rule sends butter put into WH/Stock to Shelf B. Received from the mill (real receipts):

    - FLOUR-A1: 30 kg on Shelf A;
    - FLOUR-A2: 20 kg on Shelf A, 5 kg on Shelf B (two places);
    - BUTTER-B1: 10 kg on Shelf A;
    - FLOUR-HELD: 12 kg on Shelf A, then blocked (reason *Mould found*).

    The quarantine area is the module's data location (WH/Quarantine). A second company has
    its own warehouse and shelf (OTHER-SHELF) with its lot OTHER-LOT; the traceability user
    and manager may work in both companies.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        cls.shelf_a = Location.create(
            {"name": "Shelf A", "barcode": "SHELF-A", "location_id": cls.stock_location.id}
        )
        cls.shelf_b = Location.create(
            {"name": "Shelf B", "barcode": "SHELF-B", "location_id": cls.stock_location.id}
        )
        cls.quarantine = cls.env.ref("lot_traceability.stock_location_quarantine")
        cls.env["stock.putaway.rule"].create(
            {
                "product_id": cls.butter.id,
                "location_in_id": cls.stock_location.id,
                "location_out_id": cls.shelf_b.id,
            }
        )
        cls.flour_a1 = cls._receive_lot(cls.flour, "FLOUR-A1", 30, cls.shelf_a)
        cls.flour_a2 = cls._receive_lot(cls.flour, "FLOUR-A2", 20, cls.shelf_a)
        cls._move_lot(
            cls.flour_a2, 5, cls.supplier_location, cls.shelf_b, cls.mill, picking_type=cls.in_type
        )
        cls.butter_b1 = cls._receive_lot(cls.butter, "BUTTER-B1", 10, cls.shelf_a)
        cls.flour_held = cls._receive_lot(cls.flour, "FLOUR-HELD", 12, cls.shelf_a)
        cls.flour_held.write({"trace_status": "blocked", "trace_status_reason": "Mould found"})
        # another company, which both traceability users may also work in
        cls.other_company = cls.env["res.company"].create({"name": "Other Bakery"})
        cls.other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Other Warehouse", "code": "OTH", "company_id": cls.other_company.id}
        )
        cls.other_shelf = Location.create(
            {
                "name": "Other Shelf",
                "barcode": "OTHER-SHELF",
                "location_id": cls.other_warehouse.lot_stock_id.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.other_lot = cls.env["stock.lot"].create(
            {"name": "OTHER-LOT", "product_id": cls.flour.id, "company_id": cls.other_company.id}
        )
        cls.env["stock.quant"].with_company(cls.other_company)._update_available_quantity(
            cls.flour, cls.other_shelf, 7, lot_id=cls.other_lot
        )
        (cls.trace_user | cls.trace_manager).write({"company_ids": [(4, cls.other_company.id)]})

    @classmethod
    def _receive_lot(cls, product, name, quantity, location):
        lot = cls.env["stock.lot"].create({"name": name, "product_id": product.id})
        cls._move_lot(
            lot, quantity, cls.supplier_location, location, cls.mill, picking_type=cls.in_type
        )
        return lot

    def _quantity(self, lot, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def _stock_snapshot(self):
        """What a refused scan must leave as it was: transfers, moves, lines, quants."""
        env = self.env(su=True)
        env.invalidate_all()
        quants = env["stock.quant"].search([], order="id")
        return (
            env["stock.picking"].search_count([]),
            env["stock.move"].search_count([]),
            env["stock.move.line"].search_count([]),
            quants.read(["quantity", "inventory_quantity", "location_id", "lot_id"]),
        )

    def assertNothingWritten(self, call, message):
        """``call()`` answers ``{"error": ...}`` matching ``message`` and writes nothing."""
        before = self._stock_snapshot()
        answer = call()
        self.assertRegex(answer.get("error", ""), message, f"not refused: {answer}")
        self.env.invalidate_all()
        self.assertEqual(self._stock_snapshot(), before)
        return answer
