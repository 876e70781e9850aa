# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .common_genealogy import GenealogyCommon


class MoveKindCommon(GenealogyCommon):
    """One move line of each kind the classifier knows, and its edge cases, on flour lot
    FLOUR-KIND (kg):

    - received from the mill (receipt), 10 kg returned to it (vendor return) and sent back
      by it (the return of the return: a receipt);
    - 30 kg baked with butter into COOKIES-KIND (consumption, production), which is split
      into trays (transformation);
    - 5 kg delivered to the Bistro (delivery), 2 kg returned (customer return), delivered
      again (the return of the return: a delivery);
    - 4 kg sent through the inter-company transit location to another warehouse and back
      (internal moves), 6 kg moved to quarantine (internal) and 1 kg scrapped from there
      (scrap);
    - counted 3 kg more, then 2 kg less than on hand (inventory gain and loss).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarantine = cls.env.ref("lot_traceability.stock_location_quarantine")
        cls.transit = cls.env.ref("stock.stock_location_inter_company")
        cls.other_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Test Second Bakery", "code": "TSB"}
        )
        int_type = cls.warehouse.int_type_id
        lot = cls.env["stock.lot"].create({"name": "FLOUR-KIND", "product_id": cls.flour.id})
        cls.kind_lot = lot
        cls.receipt = cls._move_lot(
            lot, 100, cls.supplier_location, cls.stock_location, cls.mill, cls.in_type
        )
        cls.vendor_return = cls._move_lot(
            lot, 10, cls.stock_location, cls.supplier_location, cls.mill
        )
        cls.vendor_return_back = cls._move_lot(
            lot, 10, cls.supplier_location, cls.stock_location, cls.mill, cls.in_type
        )
        butter = cls._create_lot(cls.butter, "BUTTER-KIND", 10)
        cls.batch, cls.bake_mo = cls._produce(
            cls.cookie_batch, "COOKIES-KIND", 40, [(lot, 30), (butter, 10)]
        )
        cls.trays = cls._split(cls.batch, unit_count=2, unit_quantity=5)
        cls.delivery = cls._deliver(lot, 5, cls.bistro)
        cls.customer_return = cls._move_lot(
            lot, 2, cls.customer_location, cls.stock_location, cls.bistro, cls.in_type
        )
        cls.customer_return_back = cls._deliver(lot, 2, cls.bistro)
        cls.to_transit = cls._move_lot(lot, 4, cls.stock_location, cls.transit, None, int_type)
        cls.from_transit = cls._move_lot(
            lot, 4, cls.transit, cls.other_warehouse.lot_stock_id, None, int_type
        )
        cls.to_quarantine = cls._move_lot(
            lot, 6, cls.stock_location, cls.quarantine, None, int_type
        )
        cls.scrap = cls.env["stock.scrap"].create(
            {
                "product_id": cls.flour.id,
                "product_uom_id": cls.flour.uom_id.id,
                "lot_id": lot.id,
                "scrap_qty": 1,
                "location_id": cls.quarantine.id,
            }
        )
        cls.scrap.action_validate()
        cls.inventory_gain = cls._count(lot, 3)
        cls.inventory_loss = cls._count(lot, -2)

    @classmethod
    def _count(cls, lot, difference):
        """Count ``lot`` in stock ``difference`` more than on hand and apply the count: the
        done line of the inventory adjustment."""
        Quant = cls.env["stock.quant"].with_context(inventory_mode=True)
        on_hand = Quant._get_available_quantity(lot.product_id, cls.stock_location, lot_id=lot)
        quant = Quant.create(
            {
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "location_id": cls.stock_location.id,
                "inventory_quantity": on_hand + difference,
            }
        )
        quant.action_apply_inventory()
        return cls.env["stock.move.line"].search(
            [("lot_id", "=", lot.id), ("move_id.is_inventory", "=", True)],
            order="id desc",
            limit=1,
        )

    @classmethod
    def _lines(cls, documents):
        """The done move lines of ``documents`` (transfers, orders, scraps)."""
        if documents._name == "stock.move.line":
            return documents
        if documents._name == "mrp.production":
            moves = documents.move_raw_ids | documents.move_finished_ids
        else:
            moves = documents.move_ids
        return moves.move_line_ids.filtered(lambda line: line.state == "done")
