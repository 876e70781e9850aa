# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.x -> 18.0.2.0.0: the module's own models take the ``stock.lot.*`` names.

Runs before the registry loads the new code and renames, in place, everything that carries
the name of a renamed model or of its table, so that every record keeps its id and whatever
points to it (a recall's messages, followers, activities and exported files, the mail
templates and the cron of the recall, the recall sequence and its next number, user filters,
the record rules and access rights):

* the tables (:data:`TABLES`), their ``id`` sequences, the constraints and indexes named
  after them (as a fresh install names them), and what Odoo records of them
  (``ir_model_constraint``, ``ir_model_relation``, ``ir_model_fields.relation_table``);
* the models (:data:`MODELS`) in ``ir_model``, ``ir_model_fields`` (model and relation),
  ``ir_model_data``, every column that stores a model name (:data:`MODEL_NAME_COLUMNS`:
  actions, views, attachments, messages, followers, activities, templates, filters…),
  stored reference fields (``model,id``) and the names of the access rights;
* the external ids derived from a model name (``model_*``, ``field_*``, ``selection__*``,
  ``model_inherit__*``, ``constraint_*``) in every module, and the module's own records that
  were named after a model (views, actions, menus, rules, access rights, the sequence): the
  update then rewrites these records instead of creating copies and deleting the originals;
* the code of the recall sequence (its record is ``noupdate``).

The label printing wizard's lots (``lot_traceability_label_print_stock_lot_rel``, a relation
table named by Odoo after the old model) are dropped: transient rows; the update creates the
table under its new name. ``tools/check_migration.sh`` upgrades a database of the previous
version with demo data and checks every row is found under its new name.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, make_identifier, table_exists

_logger = logging.getLogger(__name__)

#: Old model name -> new model name.
MODELS = {
    "traceability.recall": "stock.lot.recall",
    "traceability.recall.line.mixin": "stock.lot.recall.line.mixin",
    "traceability.recall.lot": "stock.lot.recall.lot",
    "traceability.recall.customer": "stock.lot.recall.customer",
    "traceability.recall.delivery": "stock.lot.recall.delivery",
    "traceability.recall.onhand": "stock.lot.recall.onhand",
    "traceability.recall.shipment": "stock.lot.recall.shipment",
    "traceability.recall.supplier.receipt": "stock.lot.recall.supplier.receipt",
    "lot_traceability.build": "stock.lot.build",
    "lot_traceability.build.unit": "stock.lot.build.unit",
    "lot_traceability.build.line": "stock.lot.build.line",
    "lot_traceability.build.record": "stock.lot.build.record",
    "lot_traceability.demo": "stock.lot.demo",
    "lot.traceability.label": "stock.lot.label",
    "lot.traceability.label.print": "stock.lot.label.print",
    "lot_traceability.numeric.input.mixin": "stock.lot.numeric.input.mixin",
    "stock.production.line": "stock.lot.production.line",
}

#: Old table -> new table: the models' tables and the relation tables named in the code.
TABLES = {
    "traceability_recall": "stock_lot_recall",
    "traceability_recall_lot": "stock_lot_recall_lot",
    "traceability_recall_customer": "stock_lot_recall_customer",
    "traceability_recall_delivery": "stock_lot_recall_delivery",
    "traceability_recall_onhand": "stock_lot_recall_onhand",
    "traceability_recall_shipment": "stock_lot_recall_shipment",
    "traceability_recall_supplier_receipt": "stock_lot_recall_supplier_receipt",
    "traceability_recall_suspect_lot_rel": "stock_lot_recall_suspect_lot_rel",
    "traceability_recall_customer_address_rel": "stock_lot_recall_customer_address_rel",
    "stock_production_line": "stock_lot_production_line",
    "lot_traceability_build": "stock_lot_build",
    "lot_traceability_build_unit": "stock_lot_build_unit",
    "lot_traceability_build_line": "stock_lot_build_line",
    "lot_traceability_label_print": "stock_lot_label_print",
}

#: Relation tables Odoo named after an old model (no ``relation=`` in the field): dropped.
DROPPED_RELATIONS = ("lot_traceability_label_print_stock_lot_rel",)

#: Columns holding a model name (table, column); those of modules not installed are skipped.
MODEL_NAME_COLUMNS = (
    ("ir_model_data", "model"),
    ("ir_act_window", "res_model"),
    ("ir_act_client", "res_model"),
    ("ir_act_server", "model_name"),
    ("ir_act_report_xml", "model"),
    ("ir_embedded_actions", "parent_res_model"),
    ("ir_ui_view", "model"),
    ("ir_filters", "model_id"),
    ("ir_exports", "resource"),
    ("ir_attachment", "res_model"),
    ("base_import_import", "res_model"),
    ("base_import_mapping", "res_model"),
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("mail_activity_type", "res_model"),
    ("mail_activity_plan", "res_model"),
    ("mail_message_subtype", "res_model"),
    ("mail_template", "model"),
    ("mail_scheduled_message", "model"),
    ("sms_template", "model"),
    ("snailmail_letter", "model"),
    ("stock_lot_trace_line", "res_model"),
)

#: Prefixes of external ids derived from a model name, in every module.
_MODEL_XMLID_HEADS = ("field_", "selection__")


def _underscored(model):
    return model.replace(".", "_")


_UNDERSCORED = {_underscored(old): _underscored(new) for old, new in MODELS.items()}
# longest first: ``lot_traceability_label_print`` before ``lot_traceability_label``
_PREFIXES = sorted(_UNDERSCORED.items(), key=lambda item: -len(item[0]))
_TABLE_PREFIXES = sorted(TABLES.items(), key=lambda item: -len(item[0]))


def _new_model_xmlid(name):
    """The new name of an external id derived from a model name, or ``name``."""
    if name.startswith("model_inherit__"):
        child, _sep, parent = name[len("model_inherit__") :].partition("__")
        child, parent = _UNDERSCORED.get(child, child), _UNDERSCORED.get(parent, parent)
        return f"model_inherit__{child}__{parent}"
    if name.startswith("model_"):
        return "model_" + _UNDERSCORED.get(name[len("model_") :], name[len("model_") :])
    for head in _MODEL_XMLID_HEADS:
        if name.startswith(head):
            model, sep, rest = name[len(head) :].partition("__")
            return head + _UNDERSCORED.get(model, model) + sep + rest
    if name.startswith("constraint_"):
        return "constraint_" + _new_prefixed(name[len("constraint_") :], _TABLE_PREFIXES)
    return name


def _new_prefixed(name, prefixes):
    for old, new in prefixes:
        if name == old or name.startswith(old + "_"):
            return new + name[len(old) :]
    return name


def _new_module_xmlid(name):
    """The new name of one of this module's external ids: the model-derived ones, and the
    records named after a model (``traceability_recall_view_form``,
    ``access_traceability_recall_user``, ``sequence_traceability_recall``…)."""
    new = _new_model_xmlid(name)
    if new != name:
        return new
    for head in ("access_", "sequence_", ""):
        if name.startswith(head):
            new = head + _new_prefixed(name[len(head) :], _PREFIXES)
            if new != name:
                return new
    return name


def _rename_table(cr, old, new):
    """Rename table ``old`` to ``new`` with its id sequence, and the constraints and indexes
    named after it, as a fresh install of the new code names them."""
    cr.execute(SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(old), SQL.identifier(new)))
    cr.execute(SQL("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", f"{old}_id_seq"))
    if cr.rowcount:
        cr.execute(
            SQL(
                "ALTER SEQUENCE %s RENAME TO %s",
                SQL.identifier(f"{old}_id_seq"),
                SQL.identifier(f"{new}_id_seq"),
            )
        )
    # a foreign key is named after its column (Odoo's name for it, even when it was cut to
    # 63 characters), the others after the table
    cr.execute(
        SQL(
            """SELECT c.conname, c.contype, a.attname
                 FROM pg_constraint c
                 LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.conrelid = %s::regclass AND left(c.conname, %s) = %s""",
            new,
            len(old) + 1,
            f"{old}_",
        )
    )
    for conname, contype, column in cr.fetchall():
        if contype == "f" and column:
            newname = make_identifier(f"{new}_{column}_fkey")
        else:
            newname = make_identifier(new + conname[len(old) :])
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                SQL.identifier(new),
                SQL.identifier(conname),
                SQL.identifier(newname),
            )
        )
        cr.execute(
            SQL("UPDATE ir_model_constraint SET name = %s WHERE name = %s", newname, conname)
        )
    # The indexes left (a primary key or unique constraint renamed its own): the ones named
    # after the table (Odoo's ``<table>__<column>_index``) are renamed, the ones PostgreSQL
    # named (a relation table's ``(column2, column1)`` index, its name cut to 63 characters)
    # made again for PostgreSQL to name them.
    cr.execute(
        SQL(
            """SELECT i.relname, ix.indisunique, ix.indpred IS NOT NULL,
                      array_agg(a.attname ORDER BY k.ord)
                 FROM pg_index ix
                 JOIN pg_class i ON i.oid = ix.indexrelid
                 CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                WHERE ix.indrelid = %s::regclass AND left(i.relname, %s) != %s
                GROUP BY i.relname, ix.indisunique, ix.indpred""",
            new,
            len(new) + 1,
            f"{new}_",
        )
    )
    for indexname, unique, partial, columns in cr.fetchall():
        if indexname.startswith(f"{old}__"):
            cr.execute(
                SQL(
                    "ALTER INDEX %s RENAME TO %s",
                    SQL.identifier(indexname),
                    SQL.identifier(make_identifier(new + indexname[len(old) :])),
                )
            )
        elif indexname.endswith("_idx") and not unique and not partial and all(columns):
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(indexname)))
            cr.execute(
                SQL(
                    "CREATE INDEX ON %s (%s)",
                    SQL.identifier(new),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                )
            )
    cr.execute(SQL("UPDATE ir_model_relation SET name = %s WHERE name = %s", new, old))
    cr.execute(
        SQL("UPDATE ir_model_fields SET relation_table = %s WHERE relation_table = %s", new, old)
    )
    cr.execute(SQL("SELECT obj_description(%s::regclass, 'pg_class')", new))
    comment = cr.fetchone()[0]
    if comment and comment.startswith("RELATION BETWEEN "):
        for old_table, new_table in TABLES.items():
            comment = comment.replace(f" {old_table} ", f" {new_table} ")
            if comment.endswith(f" {old_table}"):
                comment = comment[: -len(old_table)] + new_table
        cr.execute(SQL("COMMENT ON TABLE %s IS %s", SQL.identifier(new), comment))


def _drop_relation(cr, table):
    cr.execute(SQL("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass", table))
    names = [name for (name,) in cr.fetchall()]
    cr.execute(SQL("DELETE FROM ir_model_constraint WHERE name IN %s", tuple(names or [""])))
    cr.execute(SQL("DELETE FROM ir_model_relation WHERE name = %s", table))
    cr.execute(SQL("DROP TABLE %s", SQL.identifier(table)))


def _rename_models(cr):
    for old, new in MODELS.items():
        cr.execute(SQL("UPDATE ir_model SET model = %s WHERE model = %s", new, old))
        cr.execute(SQL("UPDATE ir_model_fields SET model = %s WHERE model = %s", new, old))
        cr.execute(SQL("UPDATE ir_model_fields SET relation = %s WHERE relation = %s", new, old))
        for table, column in MODEL_NAME_COLUMNS:
            if column_exists(cr, table, column):
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = %s WHERE %s = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        new,
                        SQL.identifier(column),
                        old,
                    )
                )
        cr.execute(
            SQL(
                """UPDATE ir_model_access SET name = %s || substr(name, %s)
                    WHERE left(name, %s) = %s""",
                new,
                len(old) + 1,
                len(old) + 1,
                f"{old} ",
            )
        )
    # stored reference fields ("model,id")
    cr.execute(
        SQL(
            """SELECT model, name FROM ir_model_fields
                WHERE ttype = 'reference' AND store AND model NOT IN %s""",
            tuple(MODELS.values()),
        )
    )
    for model, field in cr.fetchall():
        table = _underscored(model)
        if not column_exists(cr, table, field):
            continue
        for old, new in MODELS.items():
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s || substr(%s, %s) WHERE left(%s, %s) = %s",
                    SQL.identifier(table),
                    SQL.identifier(field),
                    new,
                    SQL.identifier(field),
                    len(old) + 1,
                    SQL.identifier(field),
                    len(old) + 1,
                    f"{old},",
                )
            )


def _rename_xmlids(cr):
    cr.execute(SQL("SELECT id, module, name FROM ir_model_data"))
    rows = cr.fetchall()
    existing = {(module, name) for _id, module, name in rows}
    renamed = 0
    for xmlid_id, module, name in rows:
        if module == "lot_traceability":
            new = _new_module_xmlid(name)
        else:
            new = _new_model_xmlid(name)
        if new == name:
            continue
        if (module, new) in existing:
            _logger.info("External id %s.%s exists: %s.%s left as is", module, new, module, name)
            continue
        cr.execute(SQL("UPDATE ir_model_data SET name = %s WHERE id = %s", new, xmlid_id))
        existing.add((module, new))
        renamed += 1
    return renamed


def migrate(cr, version):
    if not version:
        return
    for table in DROPPED_RELATIONS:
        if table_exists(cr, table):
            _drop_relation(cr, table)
    for old, new in TABLES.items():
        if table_exists(cr, old) and not table_exists(cr, new):
            _rename_table(cr, old, new)
    _rename_models(cr)
    renamed = _rename_xmlids(cr)
    cr.execute(
        SQL(
            "UPDATE ir_sequence SET code = %s WHERE code = %s",
            "stock.lot.recall",
            "traceability.recall",
        )
    )
    _logger.info(
        "lot_traceability %s: %s models, %s tables and %s external ids renamed to stock.lot.*",
        version,
        len(MODELS),
        len(TABLES),
        renamed,
    )
