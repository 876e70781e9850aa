# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.addons.base.tests.common import BaseCommon


class TraceabilityCommon(BaseCommon):
    """The story every test of this module starts from: a warehouse, lot and serial products,
    a traceability user and a traceability manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Read every module's manifest now, in this thread: the first requests of a tour would
        # otherwise parse them concurrently in the HTTP server's threads, which Python 3.11.7's
        # AST constructor does not survive ("recursion depth mismatch", fixed in 3.11.8).
        http.root.statics.get("lot_traceability")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.product_lot = cls.env["product.product"].create(
            {
                "name": "Test Flour",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.product_serial = cls.env["product.product"].create(
            {"name": "Test Compressor", "is_storable": True, "tracking": "serial"}
        )
        cls.trace_user = cls._create_trace_user(
            "trace_user", "lot_traceability.group_traceability_user"
        )
        cls.trace_manager = cls._create_trace_user(
            "trace_manager", "lot_traceability.group_traceability_manager"
        )

    @classmethod
    def _create_trace_user(cls, login, group_xmlid):
        return cls.env["res.users"].create(
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "email": f"{login}@example.com",
                "groups_id": [(6, 0, [cls.env.ref(group_xmlid).id])],
            }
        )

    @classmethod
    def _create_lot(cls, product, name, quantity=0.0, location=None, **vals):
        lot = cls.env["stock.lot"].create({"name": name, "product_id": product.id, **vals})
        if quantity:
            cls.env["stock.quant"]._update_available_quantity(
                product, location or cls.stock_location, quantity, lot_id=lot
            )
        return lot
