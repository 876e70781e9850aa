# foundation
from . import test_install
from . import test_demo

# lots and serials
from . import test_lot_attributes
from . import test_lot_status
from . import test_hold_hardening
from . import test_lot_numbering
from . import test_lot_import
from . import test_bulk_serials
from . import test_orm_bypass
from . import test_consolidated
from . import test_assets
from . import test_item_details
from . import test_item_details_genealogy

# composition lists and build
from . import test_build

# split, merge and genealogy
from . import test_genealogy
from . import test_genealogy_walk_cache
from . import test_genealogy_link
from . import test_split_merge

# recall
from . import test_recall

# labels and scanner
from . import test_gs1_parser
from . import test_lot_labels

# scanner
from . import test_scanner
from . import test_camera_scan

# hardening: exports, numeric inputs, forged documents
from . import test_exports
from . import test_input_validation
from . import test_forgery

# reports: layout, units and columns
from . import test_report_layout
from . import test_units_and_columns
from . import test_xlsx_writer

# release on receipt, expiry, the recall's supplier side
from . import test_lot_release
from . import test_lot_expiry
from . import test_recall_supplier
from . import test_demo_release

# GS1 Digital Link resolver
from . import test_gs1_resolver

# lot cost
from . import test_lot_cost

# move line classifier
from . import test_move_line_kind

# scanner: receive, pick and ship
from . import test_scanner_receive
from . import test_scanner_pick

# scanner: move and count
from . import test_scanner_move
from . import test_scanner_count

# hub-scale answers: the downstream summary
from . import test_genealogy_summary

# read-only routes (replica)
from . import test_readonly_routes

# hub-scale recalls: SQL-written snapshot, background opening
from . import test_recall_sql_snapshot
from . import test_recall_snapshot_links
from . import test_recall_background
from . import test_recall_form_read
from . import test_recall_paging
from . import test_trace_page

# supply-chain traceability: tracking events, FSMA 204, EPCIS
from . import test_lot_events
from . import test_fsma_export
from . import test_epcis_export
from . import test_epcis_endpoint
from . import test_epcis_query

# EPCIS import
from . import test_epcis_import
from . import test_epcis_fetch

# scanner: the demo database's four stories
from . import test_demo_scanner
