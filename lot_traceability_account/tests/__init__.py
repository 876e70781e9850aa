from . import test_lot_cost
