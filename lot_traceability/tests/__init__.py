# foundation
from . import test_install

# lots and serials

# composition lists and build
from . import test_build

# split, merge and genealogy

# recall

# labels and scanner
from . import test_gs1_parser
