# foundation
from . import test_install

# lots and serials

# composition lists and build

# split, merge and genealogy
from . import test_genealogy
from . import test_split_merge

# recall
from . import test_recall

# labels and scanner
