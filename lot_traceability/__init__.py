from . import models
from . import wizards
from . import reports


def uninstall_hook(env):
    """Drop the genealogy's indexes on Odoo's tables and its link table with the triggers
    keeping it (the ORM drops only its own)."""
    env["stock.lot.genealogy"]._drop_indexes()
    env["stock.lot.genealogy.link"]._drop()
