from . import gs1_resolver
from . import trace_export
from . import epcis
