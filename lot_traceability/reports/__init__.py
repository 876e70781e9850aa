# PDF layout: page numbers whatever the wkhtmltopdf build
from . import ir_actions_report

# lots and serials
from . import report_lot_item_details

# composition lists and build

# split, merge and genealogy

# recall
from . import report_recall
from . import recall_xlsx

# labels and scanner
from . import lot_label_report
from . import stock_traceability_report
