# lots and serials
from . import stock_lot_hold
from . import stock_lot_bulk_add
from . import stock_lot_assign

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
