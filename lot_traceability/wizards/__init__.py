# lots and serials

# composition lists and build

# split, merge and genealogy
from . import stock_lot_split_wizard
from . import stock_lot_merge_wizard

# recall

# labels and scanner
