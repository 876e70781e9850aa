# foundation
from . import stock_lot
from . import product_product

# lots and serials

# composition lists and build

# split, merge and genealogy
from . import stock_lot_genealogy
from . import stock_lot_transformation
from . import stock_lot_trace

# recall
from . import traceability_recall
from . import traceability_recall_line

# labels and scanner
