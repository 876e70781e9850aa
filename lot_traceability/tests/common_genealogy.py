# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form

from .common import TraceabilityCommon


class GenealogyCommon(TraceabilityCommon):
    """Cookies: flour and butter lots are baked (a real manufacturing order) into a cookie batch
    in kg, which is then split into trays and delivered; helpers for production, split, merge,
    delivery and returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.flour = cls.product_lot
        cls.butter = cls._create_lot_product("Test Butter", cls.uom_kg)
        cls.cookie_batch = cls._create_lot_product("Test Cookie Batch", cls.uom_kg)
        cls.cookie_tray = cls._create_lot_product("Test Cookie Tray", cls.uom_unit)
        cls.bistro = cls.env["res.partner"].create({"name": "Test Bistro", "is_company": True})
        cls.bistro_kitchen = cls.env["res.partner"].create(
            {"name": "Kitchen Door", "type": "delivery", "parent_id": cls.bistro.id}
        )
        cls.grocer = cls.env["res.partner"].create({"name": "Test Grocer", "is_company": True})
        cls.mill = cls.env["res.partner"].create({"name": "Test Mill", "is_company": True})
        cls.out_type = cls.warehouse.out_type_id
        cls.in_type = cls.warehouse.in_type_id

    @classmethod
    def _create_lot_product(cls, name, uom):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "tracking": "lot",
                "uom_id": uom.id,
                "uom_po_id": uom.id,
            }
        )

    @classmethod
    def _produce(cls, product, lot_name, quantity, components):
        """Manufacture ``quantity`` of ``product`` as a new lot ``lot_name`` through a real
        manufacturing order consuming ``components``: a list of (lot, quantity)."""
        per_unit = {}
        for lot, component_qty in components:
            per_unit[lot.product_id] = per_unit.get(lot.product_id, 0.0) + component_qty / quantity
        bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "product_qty": 1.0,
                "product_uom_id": product.uom_id.id,
                "bom_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": component.id,
                            "product_qty": qty,
                            "product_uom_id": component.uom_id.id,
                        },
                    )
                    for component, qty in per_unit.items()
                ],
            }
        )
        lot = cls.env["stock.lot"].create({"name": lot_name, "product_id": product.id})
        mo_form = Form(cls.env["mrp.production"])
        mo_form.product_id = product
        mo_form.bom_id = bom
        mo_form.product_qty = quantity
        mo = mo_form.save()
        mo.action_confirm()
        mo_form = Form(mo)
        mo_form.qty_producing = quantity
        mo_form.lot_producing_id = lot
        mo = mo_form.save()
        for move in mo.move_raw_ids:
            move.move_line_ids.unlink()
            cls.env["stock.move.line"].create(
                [
                    {
                        "move_id": move.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "lot_id": component_lot.id,
                        "quantity": component_qty,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                    for component_lot, component_qty in components
                    if component_lot.product_id == move.product_id
                ]
            )
        mo.move_raw_ids.picked = True
        result = mo.button_mark_done()
        assert mo.state == "done", f"MO not done: {result}"
        return lot, mo

    @classmethod
    def _move_lot(cls, lot, quantity, source, dest, partner=None, picking_type=None, validate=True):
        """Move ``quantity`` of ``lot`` from ``source`` to ``dest`` in a picking."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": (picking_type or cls.out_type).id,
                "partner_id": partner and partner.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": lot.product_id.name,
                            "product_id": lot.product_id.id,
                            "product_uom": lot.product_id.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": lot.product_id.id,
                "product_uom_id": lot.product_id.uom_id.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        if validate:
            move.picked = True
            picking._action_done()
        return picking

    @classmethod
    def _deliver(cls, lot, quantity, partner, validate=True):
        return cls._move_lot(
            lot, quantity, cls.stock_location, cls.customer_location, partner, validate=validate
        )

    @classmethod
    def _split(cls, lot, **vals):
        wizard = cls.env["stock.lot.split.wizard"].create({"lot_id": lot.id, **vals})
        action = wizard.action_split()
        return cls.env["stock.lot"].search(action["domain"], order="name")

    @classmethod
    def _merge(cls, lots, lot_name, quantities=None):
        wizard_form = Form(
            cls.env["stock.lot.merge.wizard"].with_context(
                active_model="stock.lot", active_ids=lots.ids
            )
        )
        wizard_form.lot_name = lot_name
        if quantities:
            for index, quantity in enumerate(quantities):
                with wizard_form.line_ids.edit(index) as line:
                    line.quantity = quantity
        action = wizard_form.save().action_merge()
        return cls.env["stock.lot"].search(action["domain"])
