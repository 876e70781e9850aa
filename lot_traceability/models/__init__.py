# foundation
from . import stock_lot
from . import product_product

# lots and serials

# composition lists and build

# split, merge and genealogy
from . import stock_lot_genealogy
from . import stock_lot_transformation
from . import stock_lot_trace
from . import stock_traceability_report

# recall

# labels and scanner
