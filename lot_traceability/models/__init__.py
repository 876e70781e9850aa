# foundation
from . import stock_lot
from . import product_product

# lots and serials

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
from . import barcode_nomenclature
from . import barcode_rule
