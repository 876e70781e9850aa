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
        # composition lists and build
        # split, merge and genealogy
        "security/stock_lot_genealogy_rules.xml",
        "data/stock_lot_genealogy_data.xml",
        "wizards/stock_lot_split_wizard_views.xml",
        "wizards/stock_lot_merge_wizard_views.xml",
        "views/stock_lot_genealogy_views.xml",
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
            "lot_traceability/static/tests/tours/lot_traceability_genealogy_tour.js",
        ],
    },
}
