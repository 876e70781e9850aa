# lots and serials
from . import report_lot_item_details

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
