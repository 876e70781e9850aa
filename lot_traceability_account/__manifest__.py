# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Lot Traceability - Valuation",
    "summary": "Lot costs from Odoo's stock valuation: a lot's own value, "
    "rolled up through builds, splits and merges",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/lot-traceability/lot_traceability",
    "author": "lot_traceability contributors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["lot_traceability", "stock_account"],
}
