# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.1.0 -> 18.0.2.2.0, after the update: the indexes of the recall snapshot's unchecked
links that no longer ask for one are dropped (``orm_bypass/unchecked_link.py``: the delivery
line's done move line, looked for only when a done line is deleted, which Odoo refuses but at
uninstall). Odoo creates the indexes its fields ask for but keeps one a field no longer asks
for ("Keep unexpected index"): each hub recall would still write 250,000 entries into it."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.lot_traceability.orm_bypass.unchecked_link import UncheckedMany2one
from odoo.tools import SQL, make_index_name

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model in env.registry.values():
        if model._abstract or not model._auto:
            continue
        for field in model._fields.values():
            if not isinstance(field, UncheckedMany2one) or not field.store or field.index:
                continue
            name = make_index_name(model._table, field.name)
            cr.execute(SQL("SELECT 1 FROM pg_indexes WHERE indexname = %s", name))
            if cr.rowcount:
                cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
                _logger.info("Dropped index %s (the link %s asks for none)", name, field)
