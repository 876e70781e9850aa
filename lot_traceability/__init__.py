from . import models
from . import wizards
from . import reports


def uninstall_hook(env):
    """Drop the genealogy's indexes on Odoo's tables (the ORM drops only its own)."""
    env["stock.lot.genealogy"]._drop_indexes()
