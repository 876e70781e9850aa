# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Lot Traceability",
    "summary": "End-to-end lot and serial traceability: lot status, genealogy, "
    "scan-to-build, split, recall, QR/GS1 labels and a handheld scanner",
    "version": "18.0.2.2.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/lot-traceability/lot_traceability",
    "author": "lot_traceability contributors",
    "license": "LGPL-3",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "application": False,
    "installable": True,
    "depends": [
        "stock",
        "mrp",
        "product_expiry",
        "barcodes_gs1_nomenclature",
        "base_import",
    ],
    "external_dependencies": {
        "python": ["qrcode", "xlsxwriter", "jsonschema", "requests"],
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
        "wizards/stock_lot_hold_views.xml",
        "views/stock_lot_numbering_rule_views.xml",
        "wizards/stock_lot_bulk_add_views.xml",
        "security/lot_traceability_serials_rules.xml",
        "views/stock_lot_consolidated_views.xml",
        "wizards/stock_lot_assign_views.xml",
        "views/stock_lot_asset_views.xml",
        "reports/report_layout.xml",
        "reports/report_lot_item_details.xml",
        "views/stock_lot_item_details_views.xml",
        # composition lists and build
        "security/build_rules.xml",
        "wizards/stock_lot_build_views.xml",
        "views/mrp_bom_views.xml",
        "views/stock_lot_build_views.xml",
        "views/res_config_settings_views.xml",
        # split, merge and genealogy
        "security/stock_lot_genealogy_rules.xml",
        "data/stock_lot_genealogy_data.xml",
        "data/stock_lot_genealogy_link_data.xml",
        "wizards/stock_lot_split_wizard_views.xml",
        "wizards/stock_lot_merge_wizard_views.xml",
        "wizards/stock_lot_trace_views.xml",
        "views/stock_lot_genealogy_views.xml",
        # recall
        "security/recall_rules.xml",
        "data/recall_data.xml",
        "data/recall_mail_templates.xml",
        "reports/report_recall.xml",
        "views/stock_lot_recall_views.xml",
        # labels and scanner
        "data/barcode_rule_data.xml",
        "reports/lot_label_reports.xml",
        "wizards/stock_lot_label_print_views.xml",
        "views/gs1_resolver_templates.xml",
        # scanner
        "views/stock_lot_scanner_views.xml",
        # lot form: the smart buttons of every feature, in the order that matters
        "views/stock_lot_smart_buttons_views.xml",
        # release on receipt and expiry
        "security/stock_lot_release_rules.xml",
        "wizards/stock_lot_release_wizard_views.xml",
        "views/stock_lot_release_views.xml",
        "data/stock_lot_expiry_data.xml",
        "data/stock_lot_expiry_mail_templates.xml",
        "views/stock_lot_expiry_digest_views.xml",
        "data/recall_supplier_mail_templates.xml",
        "views/stock_lot_recall_supplier_views.xml",
        # lot cost (from the stock valuation, see lot_traceability_account)
        "views/stock_lot_cost_views.xml",
        # hub-scale recalls: large work in the background
        "data/stock_lot_recall_background_data.xml",
        "views/stock_lot_recall_background_views.xml",
        # supply-chain traceability: tracking events, FSMA 204, EPCIS
        "security/stock_lot_event_rules.xml",
        "views/stock_lot_event_views.xml",
        # EPCIS import: the supplier's chain joins ours
        "security/stock_lot_epcis_rules.xml",
        "views/stock_lot_epcis_import_views.xml",
        "wizards/stock_lot_epcis_import_wizard_views.xml",
    ],
    "demo": [
        "demo/stock_lot_demo.xml",
        "demo/lot_release_demo.xml",
        # EPCIS import: the mill's chain above our flour
        "demo/stock_lot_epcis_demo.xml",
        # Traceability Scanner: the four stories to try on a phone
        "demo/stock_lot_scanner_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            # labels and scanner
            # scanner
            "lot_traceability/static/src/scanner/**/*",
            # composition lists and build
            "lot_traceability/static/src/build/**/*",
            # genealogy counts of the lot form; split and trace screens on narrow screens
            "lot_traceability/static/src/genealogy/**/*",
        ],
        "web.assets_tests": [
            # tours
            "lot_traceability/static/tests/tours/stock_lot_build_tour.js",
            "lot_traceability/static/tests/tours/stock_lot_recall_tour.js",
            "lot_traceability/static/tests/tours/stock_lot_recall_paged_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_genealogy_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_scanner_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_camera_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_phone_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_genealogy_count_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_scanner_choice_tour.js",
            # scanner: receive, pick and ship
            "lot_traceability/static/tests/tours/lot_traceability_scanner_receive_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_scanner_pick_tour.js",
            # scanner: move and count
            "lot_traceability/static/tests/tours/lot_traceability_scanner_move_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_scanner_count_tour.js",
            "lot_traceability/static/tests/tours/lot_traceability_scanner_demo_tour.js",
        ],
    },
}
