from . import gs1_resolver
from . import epcis
