# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Install and uninstall hooks (``post_init_hook``, ``uninstall_hook`` in the manifest).

What a version change needs once lives in ``migrations/<version>/``, not in ``init()``
methods, which run on every update."""


def post_init_hook(env):
    """Fill the genealogy's link table from Odoo's consume/produce relation (its triggers
    keep it exact afterwards) and give every existing company its quarantine location (new
    companies get theirs when created)."""
    env["stock.lot.genealogy.link"]._rebuild()
    env["res.company"].search([])._create_trace_quarantine_location()


def uninstall_hook(env):
    """Drop the genealogy's indexes on Odoo's tables and its link table with the triggers
    keeping it (the ORM drops only its own), and the column of ``picking_partner_id``, which
    Odoo computes on the fly without this module (a reinstall fills it again)."""
    env["stock.lot.genealogy"]._drop_indexes()
    env["stock.lot.genealogy.link"]._drop()
    env["stock.move.line"]._drop_picking_partner_column()
