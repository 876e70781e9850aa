# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0 -> 18.0.2.1.0, after the update: the recall snapshot's links kept without a
foreign key constraint (``orm_bypass/unchecked_link.py``: the recall, lot and move line of a
delivery line) lose the constraint an earlier version created. Odoo only creates or updates
the constraints its fields ask for: it would leave these, checked on every row a hub's
recall writes. Their record in ``ir_model_constraint`` goes with them.

The recall's on-hand lines no longer have magic columns (``_log_access = False``): Odoo
keeps the columns of fields it no longer stores, with their foreign keys; they are dropped."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.lot_traceability.orm_bypass.unchecked_link import UncheckedMany2one
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


#: Models whose magic columns were dropped by this version.
NO_LOG_ACCESS_MODELS = ("stock.lot.recall.onhand",)
MAGIC_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model_name in NO_LOG_ACCESS_MODELS:
        model = env[model_name]
        for column in MAGIC_COLUMNS:
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP COLUMN IF EXISTS %s CASCADE",
                    SQL.identifier(model._table),
                    SQL.identifier(column),
                )
            )
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
    for model in env.registry.values():
        if model._abstract or not model._auto:
            continue
        for field in model._fields.values():
            if not isinstance(field, UncheckedMany2one) or not field.store:
                continue
            cr.execute(
                SQL(
                    """
                    SELECT constraint_.conname
                      FROM pg_constraint constraint_
                      JOIN pg_attribute column_
                        ON column_.attrelid = constraint_.conrelid
                       AND column_.attnum = ANY(constraint_.conkey)
                     WHERE constraint_.contype = 'f'
                       AND constraint_.conrelid = %(table)s::regclass
                       AND column_.attname = %(column)s
                    """,
                    table=model._table,
                    column=field.name,
                )
            )
            for (name,) in cr.fetchall():
                cr.execute(
                    SQL(
                        "ALTER TABLE %s DROP CONSTRAINT %s",
                        SQL.identifier(model._table),
                        SQL.identifier(name),
                    )
                )
                cr.execute(
                    SQL("DELETE FROM ir_model_constraint WHERE name = %s AND type = 'f'", name)
                )
                _logger.info("%s.%s: foreign key %s dropped", model._name, field.name, name)
