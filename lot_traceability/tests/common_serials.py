# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import Command
from odoo.tests import Form

from .common import TraceabilityCommon


class SerialsCommon(TraceabilityCommon):
    """A serial's life: received from a supplier, moved, consumed into an assembly that is
    delivered to a customer and returned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Compressor Works"})
        cls.customer = cls.env["res.partner"].create({"name": "Bistro"})
        cls.alice = cls.env["res.partner"].create({"name": "Alice Technician"})
        cls.bob = cls.env["res.partner"].create({"name": "Bob Technician"})
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf 2", "location_id": cls.stock_location.id, "usage": "internal"}
        )
        cls.product_assembly = cls.env["product.product"].create(
            {"name": "Test Cooling Unit", "is_storable": True, "tracking": "serial"}
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_assembly.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.product_serial.id, "product_qty": 1})
                ],
            }
        )

    @classmethod
    def _transfer(cls, lot, source, dest, picking_type, partner=None, date=None, quantity=1.0):
        """Move ``quantity`` of ``lot`` from ``source`` to ``dest`` in one done transfer."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner and partner.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": lot.product_id.name,
                            "product_id": lot.product_id.id,
                            "product_uom_qty": quantity,
                            "product_uom": lot.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": lot.product_id.id,
                "product_uom_id": lot.product_id.uom_id.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "lot_id": lot.id,
                "quantity": quantity,
            }
        )
        picking.move_ids.picked = True
        picking._action_done()
        if date:
            picking.move_line_ids.date = date
        return picking

    @classmethod
    def _receive(cls, lot, date=None, dest=None):
        return cls._transfer(
            lot,
            cls.supplier_location,
            dest or cls.stock_location,
            cls.warehouse.in_type_id,
            cls.supplier,
            date,
        )

    @classmethod
    def _deliver(cls, lot, date=None):
        return cls._transfer(
            lot,
            cls.stock_location,
            cls.customer_location,
            cls.warehouse.out_type_id,
            cls.customer,
            date,
        )

    @classmethod
    def _produce(cls, finished_name, date=None):
        """Build one assembly from the serial in stock; return (production, finished lot)."""
        production_form = Form(cls.env["mrp.production"])
        production_form.product_id = cls.product_assembly
        production_form.bom_id = cls.bom
        production_form.product_qty = 1
        production = production_form.save()
        production.action_confirm()
        production.action_assign()
        finished = cls.env["stock.lot"].create(
            {"name": finished_name, "product_id": cls.product_assembly.id}
        )
        production_form = Form(production)
        production_form.qty_producing = 1
        production_form.lot_producing_id = finished
        production = production_form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        if date:
            (production.move_raw_ids | production.move_finished_ids).move_line_ids.date = date
        return production, finished

    @staticmethod
    def _date(day, hour=9):
        return datetime.datetime(2026, 3, day, hour, 0, 0)
