# lots and serials
from . import stock_lot_hold
from . import stock_lot_bulk_add

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
