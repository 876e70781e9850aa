# lots and serials
from . import stock_lot_hold
from . import stock_lot_bulk_add
from . import stock_lot_bulk_add_parse
from . import stock_lot_bulk_add_receive
from . import stock_lot_assign

# composition lists and build
from . import stock_lot_build
from . import stock_lot_build_unit
from . import stock_lot_build_line
from . import stock_lot_build_scan
from . import stock_lot_build_validate
from . import stock_lot_build_production

# split, merge and genealogy
from . import stock_lot_split_wizard
from . import stock_lot_merge_wizard
from . import stock_lot_trace
from . import stock_lot_trace_line
from . import stock_lot_trace_page

# recall

# labels and scanner
from . import stock_lot_label_print

# release on receipt
from . import stock_lot_release_wizard

# supply-chain traceability: FSMA 204 spreadsheet of products and dates
from . import stock_lot_fsma_wizard

# EPCIS import
from . import stock_lot_epcis_import_wizard
