# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.x -> 18.0.2.0.0, after the update: the recall's delivery and lot snapshot rows no
longer store what they derive (product, customer, company, document, address) nor Odoo's magic
columns (``_log_access = False``). Odoo keeps the column of a field that stopped being stored,
with its foreign key checked on every row PostgreSQL writes: such columns are dropped, so an
updated database writes a hub's snapshot as a fresh install does."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

SNAPSHOT_MODELS = ("stock.lot.recall.delivery", "stock.lot.recall.lot")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model_name in SNAPSHOT_MODELS:
        model = env[model_name]
        stored = {
            name for name, field in model._fields.items() if field.store and field.column_type
        }
        cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                model._table,
            )
        )
        dropped = [column for (column,) in cr.fetchall() if column not in stored]
        for column in dropped:
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP COLUMN %s CASCADE",
                    SQL.identifier(model._table),
                    SQL.identifier(column),
                )
            )
        # what Odoo recorded of their foreign keys (its own removal of the magic fields leaves
        # these records too)
        cr.execute(
            SQL(
                """DELETE FROM ir_model_constraint constraint_
                    USING ir_model model
                    WHERE constraint_.model = model.id AND model.model = %s
                      AND constraint_.type = 'f'
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint
                                       WHERE conname = constraint_.name)""",
                model_name,
            )
        )
        _logger.info(
            "%s: %d columns no longer stored dropped %s", model._table, len(dropped), dropped
        )
