# lots and serials

# composition lists and build

# split, merge and genealogy

# recall
from . import report_recall
from . import recall_xlsx

# labels and scanner
