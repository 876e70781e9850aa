# foundation
from . import test_install

# lots and serials
from . import test_bulk_serials

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
