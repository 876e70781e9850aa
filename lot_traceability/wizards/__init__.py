# lots and serials
from . import stock_lot_hold

# composition lists and build
from . import lot_build

# split, merge and genealogy

# recall

# labels and scanner
