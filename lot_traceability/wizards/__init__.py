# lots and serials

# composition lists and build
from . import lot_build

# split, merge and genealogy

# recall

# labels and scanner
