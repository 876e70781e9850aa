# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Lot Traceability",
    "summary": "End-to-end lot and serial traceability: lot status, genealogy, "
    "scan-to-build, split, recall, QR/GS1 labels and a handheld scanner",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/lot-traceability/lot_traceability",
    "author": "lot_traceability contributors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "stock",
        "mrp",
        "product_expiry",
        "barcodes_gs1_nomenclature",
    ],
    "external_dependencies": {
        "python": ["qrcode", "xlsxwriter"],
    },
    "data": [
        # foundation
        "security/lot_traceability_groups.xml",
        "security/ir.model.access.csv",
        "security/lot_traceability_rules.xml",
        "views/lot_traceability_menus.xml",
        "views/stock_lot_views.xml",
        # lots and serials
        "security/lot_traceability_lots_rules.xml",
        "views/stock_lot_hold_views.xml",
        "views/stock_lot_numbering_rule_views.xml",
        "views/stock_lot_bulk_add_views.xml",
        "security/lot_traceability_serials_rules.xml",
        "views/stock_lot_consolidated_views.xml",
        "views/stock_lot_asset_views.xml",
        "reports/report_lot_item_details.xml",
        "views/stock_lot_item_details_views.xml",
        # composition lists and build
        # split, merge and genealogy
        # recall
        # labels and scanner
    ],
    "demo": [
        "demo/lot_traceability_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            # labels and scanner
            # composition lists and build
        ],
        "web.assets_tests": [
            # tours
        ],
    },
}
