# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.0.0 -> 18.0.1.1.0: what ``init()`` methods used to do on every update, once.

* drop the indexes of the genealogy's predecessors (the lines' done-lot index without the
  delivery address, the (id) INCLUDE (lot_id) index of the walk before it read the link table,
  the transfers' (id) INCLUDE (partner_id) index of deliveries before the address was stored
  on the line);
* fill the genealogy's link table from the relation (it was rebuilt on every update; now at
  install and by migrations whose version changes its rows);
* give every company its quarantine location (only the main company had one).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

PREDECESSOR_INDEXES = (
    "stock_move_line_done_lot_location_index",
    "stock_move_line_done_lot_location_id_index",
    "stock_move_line_done_lot_location_cover_index",
    "stock_move_line_done_id_lot_index",
    "stock_picking_id_partner_index",
)


def migrate(cr, version):
    if not version:
        return
    for name in PREDECESSOR_INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["stock.lot.genealogy.link"]._rebuild()
    env["res.company"].search([])._create_trace_quarantine_location()
