# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command

from .common import TraceabilityCommon


class LotsCommon(TraceabilityCommon):
    """Story of the lots and serials tests: a vendor, a cake made of flour, pickings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "The Mill", "is_company": True})
        cls.vendor_contact = cls.env["res.partner"].create(
            {"name": "Miller Jane", "parent_id": cls.vendor.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "The Bistro"})
        cls.product_cake = cls.env["product.product"].create(
            {"name": "Test Cake", "is_storable": True, "tracking": "lot", "default_code": "CAKE"}
        )
        cls.bom_cake = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_cake.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.product_lot.id, "product_qty": 2})
                ],
            }
        )
        cls.quarantine_location = cls.env["stock.location"].create(
            {"name": "Quarantine", "usage": "internal", "location_id": cls.stock_location.id}
        )

    @classmethod
    def _create_picking(cls, picking_type, product, quantity, partner=None, location_dest=None):
        location_dest = location_dest or picking_type.default_location_dest_id
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner and partner.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": location_dest.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": location_dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _set_move_line_lot(cls, move, lot, quantity):
        """What a user does in "Detailed Operations": pick this lot for the move."""
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": move.picking_id.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True

    @classmethod
    def _create_cake_production(cls, quantity=1):
        production = cls.env["mrp.production"].create(
            {"product_id": cls.product_cake.id, "bom_id": cls.bom_cake.id, "product_qty": quantity}
        )
        production.action_confirm()
        return production
