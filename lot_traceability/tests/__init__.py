# foundation
from . import test_install

# lots and serials
from . import test_lot_attributes
from . import test_lot_status
from . import test_lot_numbering
from . import test_lot_import
from . import test_bulk_serials
from . import test_consolidated
from . import test_assets
from . import test_item_details

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
