# foundation
from . import stock_lot
from . import product_product

# lots and serials

# composition lists and build
from . import mrp_bom
from . import res_company
from . import res_config_settings
from . import lot_build_record

# split, merge and genealogy

# recall

# labels and scanner
from . import barcode_nomenclature
from . import barcode_rule
