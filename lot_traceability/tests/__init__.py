# foundation
from . import test_install
from . import test_demo

# lots and serials

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
