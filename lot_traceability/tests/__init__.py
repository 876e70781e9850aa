# foundation
from . import test_install

# lots and serials
from . import test_lot_attributes
from . import test_lot_status

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
