# lots and serials
from . import stock_lot_hold

# composition lists and build
from . import lot_build

# split, merge and genealogy
from . import stock_lot_split_wizard
from . import stock_lot_merge_wizard

# recall

# labels and scanner
