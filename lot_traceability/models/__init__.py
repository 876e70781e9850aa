# foundation
from . import stock_lot_numeric_input_mixin
from . import stock_lot_cost
from . import stock_lot
from . import stock_lot_attributes
from . import stock_lot_numbering
from . import stock_lot_gs1
from . import stock_lot_genealogy_walk
from . import stock_lot_asset
from . import stock_lot_item_details
from . import stock_lot_recalls
from . import stock_lot_release
from . import stock_lot_expiry
from . import stock_lot_location
from . import product_product

# lots and serials
from . import base_import_import
from . import stock_lot_production_line
from . import stock_lot_numbering_rule
from . import product_template
from . import product_category
from . import stock_quant
from . import stock_move
from . import stock_move_line
from . import mrp_production
from . import stock_lot_consolidated
from . import stock_lot_assignment
from . import stock_lot_timeline

# composition lists and build
from . import mrp_bom
from . import res_company
from . import res_config_settings
from . import stock_lot_build_record

# split, merge and genealogy
from . import stock_lot_genealogy
from . import stock_lot_genealogy_link
from . import mrp_unbuild
from . import stock_lot_transformation

# recall
from . import stock_lot_recall_line_mixin
from . import stock_lot_recall_lot
from . import stock_lot_recall_customer
from . import stock_lot_recall_delivery
from . import stock_lot_recall_onhand
from . import stock_lot_recall_shipment
from . import stock_lot_recall
from . import stock_lot_recall_suspect
from . import stock_lot_recall_snapshot
from . import stock_lot_recall_hold
from . import stock_lot_recall_notify
from . import stock_lot_recall_digest
from . import stock_warehouse
from . import stock_lot_demo
from . import stock_lot_recall_supplier_receipt

# labels and scanner
from . import barcode_nomenclature
from . import barcode_rule
from . import stock_lot_label

# scanner
from . import stock_lot_scanner

# release on receipt and expiry
from . import stock_lot_inspection
from . import stock_lot_expiry_digest
from . import stock_lot_recall_cost
from . import stock_lot_consolidated_cost

# one classifier of move lines (timeline, mass balance, Item Details, hold checks)
from . import stock_move_line_kind

# scanner operations (shell base; one model per operation below)
from . import stock_lot_scanner_operation

from . import stock_lot_scanner_receive
from . import stock_lot_scanner_pick

# scanner: move and count
from . import stock_lot_scanner_stock_mixin
from . import stock_lot_scanner_move
from . import stock_lot_scanner_count

# hub-scale answers: the downstream summary rolled up in SQL
from . import stock_lot_genealogy_summary
from . import stock_lot_recall_sql_snapshot
from . import stock_lot_recall_background

# supply-chain traceability: tracking events, FSMA 204, EPCIS
from . import res_partner
from . import stock_lot_event
from . import stock_lot_fsma_export
from . import stock_lot_epcis_export
from . import stock_lot_epcis_query
from . import stock_lot_tracking_events
from . import stock_lot_recall_tracking_events
from . import stock_lot_recall_paging

# EPCIS import: the supplier's chain joins ours
from . import stock_lot_epcis_import
from . import stock_lot_epcis_event
from . import stock_lot_epcis_link
from . import stock_lot_external
from . import res_partner_epcis_client
from . import stock_picking
