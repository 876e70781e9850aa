# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The ORM bypass (``lot_traceability/orm_bypass/``) against the plain ORM: the same bulk
receipt and the same recall snapshot, run once with the fast paths and once with the system
parameter ``lot_traceability.orm_only`` set, must store the same rows."""

import logging
from contextlib import closing
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.lot_traceability.models.stock_lot_recall_line_mixin import (
    StockLotRecallLineMixin,
)
from odoo.addons.lot_traceability.orm_bypass import sql_create as sql_create_module
from odoo.addons.lot_traceability.orm_bypass.check_company import check_company_in_batch
from odoo.addons.lot_traceability.orm_bypass.new_quant_buffer import NewQuantBuffer
from odoo.addons.lot_traceability.orm_bypass.switch import ORM_ONLY_PARAM
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TraceabilityCommon
from .common_recall import RecallCommon

SQL_CREATE_LOGGER = "odoo.addons.lot_traceability.orm_bypass.sql_create"

# Columns left out of the comparison, and why:
# - "id": drawn from PostgreSQL sequences, which a rolled back savepoint does not rewind (the
#   references between the compared records are compared, see _stored_rows);
# - the receipt's name and the "reference" copied from it on its moves and lines: drawn from
#   the operation type's ir.sequence (a PostgreSQL sequence as well) when the receipt is
#   created, so the second run's receipt has the next number.
# Dates (create_date, write_date, the move date, the quants' in_date, …) are compared: the
# clock is frozen and both runs are in the same transaction, whose now() does not change.
SKIPPED_COLUMNS = {"id"}
SKIPPED_BY_TABLE = {
    "stock_picking": {"name"},
    "stock_move": {"reference"},
    "stock_move_line": {"reference"},
}


class FastPathBothWaysMixin:
    def _set_orm_only(self, value):
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, value)

    def _stored_rows(self, ids_by_model):
        """Every stored row of the records ``{model name: ids}``, as ``{table: [row dict]}``:
        all the columns but :data:`SKIPPED_COLUMNS`, a reference to one of these records
        replaced by ``(its table, its position among them)`` (ids differ between runs)."""
        self.env.flush_all()
        position = {}
        for model_name, ids in ids_by_model.items():
            table = self.env[model_name]._table
            for index, id_ in enumerate(sorted(ids)):
                position[(model_name, id_)] = (table, index)
        rows_by_table = {}
        for model_name, ids in ids_by_model.items():
            model = self.env[model_name]
            skipped = SKIPPED_COLUMNS | SKIPPED_BY_TABLE.get(model._table, set())
            self.env.cr.execute(
                SQL(
                    "SELECT * FROM %s WHERE id = ANY(%s) ORDER BY id",
                    SQL.identifier(model._table),
                    sorted(ids),
                )
            )
            columns = [column.name for column in self.env.cr.description]
            rows = []
            for values in self.env.cr.fetchall():
                row = {}
                for column, value in zip(columns, values, strict=True):
                    if column in skipped:
                        continue
                    field = model._fields.get(column)
                    if field is not None and field.type == "many2one" and value:
                        row[column] = position.get((field.comodel_name, value), value)
                    else:
                        row[column] = value
                rows.append(row)
            rows_by_table[model._table] = rows
        return rows_by_table

    def _run_both_ways(self, run):
        """``run()`` (returning ``{model name: ids}`` of what it stored) with the fast paths,
        rolled back, then with the plain ORM; the stored rows of each way."""
        rows = {}
        with freeze_time("2026-03-02 10:00:00"):
            for orm_only in (False, True):
                with closing(self.env.cr.savepoint()):
                    self._set_orm_only(str(orm_only))
                    rows[orm_only] = self._stored_rows(run())
                self.env.invalidate_all()
                self.env.registry.clear_cache()
        self._set_orm_only("False")
        return rows[False], rows[True]

    def _assert_same_rows(self, fast, orm, tables):
        self.assertEqual(sorted(fast), sorted(tables))
        for table in tables:
            self.assertTrue(fast[table], f"nothing stored in {table}")
            self.assertEqual(len(fast[table]), len(orm[table]), table)
            for index, (fast_row, orm_row) in enumerate(zip(fast[table], orm[table], strict=True)):
                self.assertEqual(fast_row, orm_row, f"{table}, row {index}")


@tagged("post_install", "-at_install")
class TestFastPathBulkReceipt(FastPathBothWaysMixin, TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Compressor Works"})
        cls.product_lot.write(
            {"use_expiration_date": True, "expiration_time": 30, "removal_time": 5}
        )
        category = cls.env["stock.storage.category"].create({"name": "Bulk shelf"})
        cls.stock_location.write(
            {"storage_category_id": category.id, "cyclic_inventory_frequency": 30}
        )

    def _bulk_receipt(self):
        wizard = self.env["stock.lot.bulk.add"].create(
            {
                "product_id": self.product_lot.id,
                "input_text": "LOT-F1;2;2027-01-31\nLOT-F2;3;2027-02-28;2026-01-05\nLOT-F3;4",
                "receive": True,
                "partner_id": self.supplier.id,
            }
        )
        wizard.action_confirm()
        lots = self.env["stock.lot"].search(
            [("product_id", "=", self.product_lot.id), ("name", "like", "LOT-F")]
        )
        lines = self.env["stock.move.line"].search([("lot_id", "in", lots.ids)])
        quants = self.env["stock.quant"].search([("lot_id", "in", lots.ids)])
        return {
            "stock.lot": lots.ids,
            "stock.move.line": lines.ids,
            "stock.quant": quants.ids,
            "stock.move": lines.move_id.ids,
            "stock.picking": lines.picking_id.ids,
        }

    def test_bulk_receipt_stores_the_same_rows_both_ways(self):
        calls = []
        original = sql_create_module._insert

        def insert(model, rows):
            calls.append(model._name)
            return original(model, rows)

        with patch.object(sql_create_module, "_insert", insert):
            fast, orm = self._run_both_ways(self._bulk_receipt)
        # the fast way inserted the lots, the lines and the quants; the ORM way nothing
        self.assertEqual(set(calls), {"stock.lot", "stock.move.line", "stock.quant"})
        self._assert_same_rows(
            fast,
            orm,
            ["stock_lot", "stock_move", "stock_move_line", "stock_picking", "stock_quant"],
        )
        self.assertEqual(len(fast["stock_quant"]), 6)  # 3 lots, at the supplier and in stock

    def test_orm_only_turns_every_fast_path_off(self):
        lots = self.env["stock.lot"].create(
            [{"name": f"LOT-S{i}", "product_id": self.product_lot.id} for i in range(2)]
        )
        self.assertTrue(check_company_in_batch(lots))
        self.assertTrue(NewQuantBuffer(self.env, lots).accepts(1.0, 0, lots[0]))
        self._set_orm_only("True")
        self.assertFalse(check_company_in_batch(lots))
        self.assertFalse(NewQuantBuffer(self.env, lots).accepts(1.0, 0, lots[0]))
        lots.ref = "dirty"
        self.assertFalse(sql_create_module.flush_uniform(lots))
        with self.assertLogs(SQL_CREATE_LOGGER, logging.INFO) as logs:
            self.assertIsNone(
                sql_create_module.sql_create(
                    self.env["stock.lot"], [{"name": "LOT-S9", "product_id": self.product_lot.id}]
                )
            )
        self.assertIn(f"system parameter {ORM_ONLY_PARAM} is set", logs.output[0])

    def test_flush_uniform_declines_when_write_is_overridden(self):
        """An override of ``_write_multi`` (the ORM's flush goes through it, ``_write``
        too) is not skipped."""
        lots = self.env["stock.lot"].create(
            [{"name": f"LOT-W{i}", "product_id": self.product_lot.id} for i in range(2)]
        )
        self.env.flush_all()
        lots.ref = "written"
        lot_class = type(self.env["stock.lot"])
        original = lot_class._write_multi
        written = []

        def _write_multi(records, vals_list):
            written.extend(vals_list)
            return original(records, vals_list)

        with patch.object(lot_class, "_write_multi", _write_multi, create=True):
            self.assertFalse(sql_create_module.flush_uniform(lots))
            self.env.flush_all()
        self.assertEqual(lots.mapped("ref"), ["written", "written"])
        self.assertEqual(written, [{"ref": "written"}] * 2)

    def test_quants_fallback_runs_later_create_overrides(self):
        """When sql_create declines for the quants (here: a later module overrides
        ``stock.quant.create``), the bulk receipt's quants go through ``create`` with every
        override, not ``BaseModel.create`` behind stock's."""
        quant_class = type(self.env["stock.quant"])
        original = quant_class.create
        created = []

        def create(records, vals_list):
            created.extend(vals_list)
            return original(records, vals_list)

        with (
            patch.object(quant_class, "create", create, create=True),
            self.assertLogs(SQL_CREATE_LOGGER, logging.INFO) as logs,
        ):
            ids = self._bulk_receipt()
        self.assertIn("overrides create", "\n".join(logs.output))
        self.assertEqual(len(ids["stock.quant"]), 6)
        self.assertEqual(
            sorted((vals["lot_id"], vals["quantity"]) for vals in created),
            sorted(
                (quant.lot_id.id, quant.quantity)
                for quant in self.env["stock.quant"].browse(ids["stock.quant"])
            ),
        )


@tagged("post_install", "-at_install")
class TestFastPathRecallSnapshot(FastPathBothWaysMixin, RecallCommon):
    def test_recall_snapshot_stores_the_same_rows_both_ways(self):
        recall = self._create_recall()
        line_models = [
            "stock.lot.recall.lot",
            "stock.lot.recall.customer",
            "stock.lot.recall.delivery",
            "stock.lot.recall.onhand",
            "stock.lot.recall.shipment",
        ]

        def snapshot():
            recall.action_open()
            ids = {"stock.lot.recall": recall.ids}
            for model_name in line_models:
                ids[model_name] = self.env[model_name].search([("recall_id", "=", recall.id)]).ids
            return ids

        fast, orm = self._run_both_ways(snapshot)
        self._assert_same_rows(
            fast, orm, ["stock_lot_recall"] + [self.env[m]._table for m in line_models]
        )

    def test_create_rules_checked_once_per_combination_of_their_values(self):
        """``sql_create`` checks the record rules on create as ``check_access`` does: every
        line of another company refused, with its error; its own company's lines pass, the
        rule evaluated on one line per distinct value of the field it reads."""
        recall = self._create_recall()
        Line = self.env["stock.lot.recall.lot"].with_user(self.trace_manager)
        lots = self.flour_bad | self.flour_ok | self.butter_lot | self.batch
        vals_list = [{"recall_id": recall.id, "lot_id": lot.id, "depth": 1} for lot in lots]
        evaluated = []
        filtered_domain = type(Line).filtered_domain

        rule_domain = (
            self.env["ir.rule"]
            .with_user(self.trace_manager)
            ._compute_domain("stock.lot.recall.lot", "create")
        )
        self.assertTrue(rule_domain)

        def counting(records, domain):
            if domain == rule_domain:
                evaluated.append(len(records))
            return filtered_domain(records, domain)

        with patch.object(type(Line), "filtered_domain", counting):
            lines = sql_create_module.sql_create(
                Line, vals_list, skip_classes=(StockLotRecallLineMixin,)
            )
        self.assertEqual(len(lines), 4)
        self.assertEqual(evaluated, [1], "all of one company: the rule evaluated once")
        # a recall of another company (a manager of the first one only): refused
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        other_recall = self._create_recall()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE stock_lot_recall SET company_id = %s WHERE id = %s",
                other_company.id,
                other_recall.id,
            )
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            sql_create_module.sql_create(
                Line,
                [dict(vals, recall_id=other_recall.id) for vals in vals_list],
                skip_classes=(StockLotRecallLineMixin,),
            )


@tagged("post_install", "-at_install")
class TestArrayParameter(TraceabilityCommon):
    """The text of an array parameter (``sql_create._array_parameter``): columns of numbers
    and of the strings Float columns with digits are converted to are written at once; the
    text and the values PostgreSQL reads from it are those of the value-by-value loop."""

    def _read(self, text, type_):
        [(values,)] = self.env.execute_query(SQL("SELECT %s::" + type_ + "[]", text))
        return values

    def test_numbers_and_nulls(self):
        array = sql_create_module._array_parameter
        self.assertEqual(array([3, None, 7]), "{3,NULL,7}")
        self.assertEqual(array([1.5, 2, 0.1]), "{1.5,2,0.1}")
        self.assertEqual(self._read(array([1.5, None, -0.25]), "float8"), [1.5, None, -0.25])
        # booleans and non finite floats are not numbers' text
        self.assertEqual(array([True, 1]), "{t,1}")
        values = [1.0, float("nan")]
        self.assertIs(array(values), values)

    def test_float_column_strings(self):
        array = sql_create_module._array_parameter
        self.assertEqual(array(["1.500", None, "-2.000"]), '{"1.500",NULL,"-2.000"}')
        self.assertEqual(self._read(array(["1.500", None, "-2.000"]), "numeric"), [1.5, None, -2.0])
        # text to escape: value by value
        self.assertEqual(array(['a"b', "c\\d"]), '{"a\\"b","c\\\\d"}')
        self.assertEqual(self._read(array(['a"b', "c\\d", None]), "text"), ['a"b', "c\\d", None])

    def test_convert_distinct(self):
        calls = []

        def convert(value):
            calls.append(value)
            return repr(value)

        values = [2.5, None, 2.5, 3, None]
        self.assertEqual(
            sql_create_module._convert_distinct(values, convert),
            ["2.5", "None", "2.5", "3", "None"],
        )
        self.assertEqual(calls, [2.5, None, 3])
        # unhashable values: converted one by one
        self.assertEqual(sql_create_module._convert_distinct([[1], [1]], repr), ["[1]", "[1]"])
