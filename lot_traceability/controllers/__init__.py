from . import gs1_resolver
