from . import models
from . import wizards
from . import reports


def uninstall_hook(env):
    """Drop the genealogy's indexes on Odoo's tables and its link table with the triggers
    keeping it (the ORM drops only its own), and the column of ``picking_partner_id``, which
    Odoo computes on the fly without this module (a reinstall fills it again)."""
    env["stock.lot.genealogy"]._drop_indexes()
    env["stock.lot.genealogy.link"]._drop()
    env["stock.move.line"]._drop_picking_partner_column()
