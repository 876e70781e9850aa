# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recall's delivery lines link their recall, lot and move line without a foreign key
constraint (``orm_bypass/unchecked_link.py``: a hub's recall writes 250,000 of them, each
constraint checked row by row); their customer keeps its constraint. What the constraints
did on deletion is done by the ``unlink`` of the records pointed at: no line keeps the id of a
deleted record, which the lists, the form and the exports would fail to read."""

import importlib.util
from pathlib import Path
from unittest.mock import patch

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common_recall import RecallCommon

DELIVERY_TABLE = "stock_lot_recall_delivery"


@tagged("post_install", "-at_install")
class TestRecallSnapshotLinks(RecallCommon):
    def _foreign_keys(self, table):
        """{column: (referenced table, delete action)} of the table's foreign keys."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT column_.attname, referenced.relname, constraint_.confdeltype
                  FROM pg_constraint constraint_
                  JOIN pg_attribute column_
                    ON column_.attrelid = constraint_.conrelid
                   AND column_.attnum = ANY(constraint_.conkey)
                  JOIN pg_class referenced ON referenced.oid = constraint_.confrelid
                 WHERE constraint_.contype = 'f' AND constraint_.conrelid = %s::regclass
                """,
                table,
            )
        )
        return {column: (referenced, action) for column, referenced, action in rows}

    def _delivery_rows(self, recall):
        return self.env.execute_query(
            SQL(
                "SELECT lot_id, move_line_id FROM %s WHERE recall_id = %s ORDER BY id",
                SQL.identifier(DELIVERY_TABLE),
                recall.id,
            )
        )

    def _read_deliveries_as_the_client(self, recall):
        """The deliveries' list and the recall form's tab as the client reads them, and the
        export's values: what a dangling id would make fail."""
        self.env.invalidate_all()
        deliveries = recall.delivery_ids
        deliveries.web_search_read(
            [("recall_id", "=", recall.id)],
            {
                "lot_id": {"fields": {"display_name": {}}},
                "product_id": {"fields": {"display_name": {}}},
                "picking_id": {"fields": {"display_name": {}}},
                "address_id": {"fields": {"display_name": {}}},
                "partner_id": {"fields": {"display_name": {}}},
                "uom_id": {"fields": {"display_name": {}}},
                "quantity": {},
                "date": {},
            },
        )
        deliveries.export_data(["lot_id", "product_id", "picking_id", "address_id"])
        recall.customer_ids.mapped("quantity_summary")

    def test_snapshot_lines_without_foreign_key(self):
        """No constraint checked per delivery, lot or on-hand line."""
        self.assertEqual(self._foreign_keys(DELIVERY_TABLE), {})
        self.assertEqual(self._foreign_keys("stock_lot_recall_lot"), {})
        self.assertEqual(self._foreign_keys("stock_lot_recall_onhand"), {})
        Delivery = self.env["stock.lot.recall.delivery"]
        for name in ("recall_id", "customer_id", "lot_id", "move_line_id"):
            field = Delivery._fields[name]
            self.assertEqual(field.type, "many2one", name)
        self.assertEqual(Delivery._fields["recall_id"].ondelete, "cascade")
        self.assertEqual(Delivery._fields["customer_id"].ondelete, "cascade")
        self.assertEqual(Delivery._fields["move_line_id"].ondelete, "set null")

    def test_deleted_recall_deletes_its_delivery_lines(self):
        recall = self._open_recall()
        # a line without customer is not deleted by its customer's constraint
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET customer_id = NULL WHERE id = %s",
                SQL.identifier(DELIVERY_TABLE),
                recall.delivery_ids[0].id,
            )
        )
        self.assertEqual(len(self._delivery_rows(recall)), 4)
        self.assertTrue(recall.affected_lot_ids)
        self.assertTrue(recall.onhand_ids)
        recall.action_cancel()
        recall.unlink()
        self.assertEqual(self._delivery_rows(recall), [])
        for table in ("stock_lot_recall_lot", "stock_lot_recall_onhand"):
            self.assertEqual(
                self.env.execute_query(
                    SQL(
                        "SELECT id FROM %s WHERE recall_id = %s",
                        SQL.identifier(table),
                        recall.id,
                    )
                ),
                [],
            )

    def test_deleted_recall_with_an_activity(self):
        """Deleting a recall deletes its activities (a background job's to-do), which flushes
        inside Odoo's unlink: the lines must be gone by then, or their stored related fields
        are recomputed through the deleted recall (MissingError)."""
        recall = self._open_recall()
        recall.activity_schedule("mail.mail_activity_data_todo", user_id=self.env.uid)
        lot_lines, onhand_lines = recall.affected_lot_ids, recall.onhand_ids
        self.assertTrue(lot_lines and onhand_lines)
        recall.action_cancel()
        recall.unlink()
        self.env.flush_all()
        self.assertFalse(lot_lines.exists() or onhand_lines.exists())

    def test_deleted_customer_deletes_its_delivery_lines(self):
        recall = self._open_recall()
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        self.assertEqual(len(grocer.delivery_ids), 2)
        grocer.unlink()
        self.assertEqual(len(self._delivery_rows(recall)), 2)
        self._read_deliveries_as_the_client(recall)

    def test_deleted_lot_leaves_no_dangling_delivery_line(self):
        recall = self._open_recall()
        lot = self.tray_2
        self.assertIn(lot, recall.delivery_ids.lot_id)
        lot_line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == lot)
        self.assertEqual(len(lot_line), 1)
        # the lot's quants (which keep it: restrict) out of the way
        self.env.cr.execute(SQL("DELETE FROM stock_quant WHERE lot_id = %s", lot.id))
        self.env.invalidate_all()
        lot.unlink()
        rows = self._delivery_rows(recall)
        self.assertEqual(len(rows), 4)
        self.assertNotIn(lot.id, [lot_id for lot_id, _line_id in rows])
        self.assertIn(None, [lot_id for lot_id, _line_id in rows])
        self.assertEqual(
            self.env.execute_query(
                SQL("SELECT lot_id FROM stock_lot_recall_lot WHERE id = %s", lot_line.id)
            ),
            [(None,)],
        )
        self._read_deliveries_as_the_client(recall)
        recall.affected_lot_ids.web_read({"lot_id": {}, "product_id": {}, "suspect_lot_id": {}})

    def test_deleted_lot_empties_the_onhand_lines_link(self):
        recall = self._open_recall()
        onhand = recall.onhand_ids.filtered(lambda line: line.lot_id == self.tray_4)
        self.assertTrue(onhand)
        self.env.cr.execute(SQL("DELETE FROM stock_quant WHERE lot_id = %s", self.tray_4.id))
        self.env.cr.execute(
            SQL("UPDATE stock_move_line SET lot_id = NULL WHERE lot_id = %s", self.tray_4.id)
        )
        self.env.invalidate_all()
        self.tray_4.unlink()
        self.assertEqual(
            self.env.execute_query(
                SQL(
                    "SELECT DISTINCT lot_id FROM stock_lot_recall_onhand WHERE id = ANY(%s)",
                    onhand.ids,
                )
            ),
            [(None,)],
        )
        recall.onhand_ids.web_read({"lot_id": {}, "product_id": {}, "held": {}})

    def test_deleted_suspect_lot_empties_the_lot_lines_link(self):
        recall = self._open_recall(self.tray_3)
        lines = recall.affected_lot_ids
        self.assertEqual(lines.suspect_lot_id, self.tray_3)
        self.env.cr.execute(SQL("DELETE FROM stock_quant WHERE lot_id = %s", self.tray_3.id))
        self.env.invalidate_all()
        self.tray_3.unlink()
        self.assertEqual(
            self.env.execute_query(
                SQL(
                    "SELECT lot_id, suspect_lot_id FROM stock_lot_recall_lot WHERE id = ANY(%s)",
                    lines.ids,
                )
            ),
            [(None, None)],
        )
        recall.affected_lot_ids.web_read({"lot_id": {}, "product_id": {}, "suspect_lot_id": {}})

    def test_deleted_move_line_leaves_no_dangling_delivery_line(self):
        """A done line is deleted only when uninstalling a module (Odoo refuses it
        otherwise): its delivery line stays, without its line."""
        recall = self._open_recall()
        line = recall.delivery_ids.filtered(lambda d: d.lot_id == self.tray_2).move_line_id
        self.assertEqual(len(line), 1)
        line.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        rows = self._delivery_rows(recall)
        self.assertEqual(len(rows), 4)
        self.assertNotIn(line.id, [line_id for _lot_id, line_id in rows])
        self.assertIn((self.tray_2.id, None), rows)
        self._read_deliveries_as_the_client(recall)

    def test_refused_deletion_leaves_the_delivery_line_linked(self):
        """Odoo refuses to delete a done line: the delivery line keeps its link, even when
        the caller catches the error without a savepoint of its own."""
        recall = self._open_recall()
        line = recall.delivery_ids.filtered(lambda d: d.lot_id == self.tray_2).move_line_id
        self.assertEqual(line.state, "done")
        rows = self._delivery_rows(recall)
        error = None
        try:
            line.unlink()
        except UserError as caught:
            error = caught
        self.assertIsNotNone(error, "a done move line was deleted")
        self.assertTrue(line.exists())
        self.assertEqual(self._delivery_rows(recall), rows)
        self.assertIn((self.tray_2.id, line.id), rows)

    def test_deleted_open_move_line_looks_for_no_delivery_line(self):
        """A delivery line points to a done line: deleting lines not done (Odoo does it all
        day) does not look for delivery lines, so their move line needs no index (a third
        of a hub's INSERT)."""
        self._open_recall()
        self.env.flush_all()
        indexes = self.env.execute_query(
            SQL("SELECT indexdef FROM pg_indexes WHERE tablename = %s", DELIVERY_TABLE)
        )
        self.assertFalse([row for (row,) in indexes if "move_line_id" in row])
        open_line = self.pending_grocer.move_line_ids
        self.assertTrue(open_line)
        self.assertNotEqual(open_line.state, "done")
        executed = []
        execute = type(self.env.cr).execute

        def recording(cr, query, *args, **kwargs):
            executed.append(str(query))
            return execute(cr, query, *args, **kwargs)

        with patch.object(type(self.env.cr), "execute", recording):
            open_line.unlink()
        self.assertFalse(open_line.exists())
        self.assertFalse([query for query in executed if DELIVERY_TABLE in query])

    def _post_migrate(self, version, from_version):
        """Run the module's post-migration script of ``version`` from ``from_version``."""
        path = Path(__file__).parents[1] / f"migrations/{version}/post-migration.py"
        spec = importlib.util.spec_from_file_location(
            f"lt_post_migration_{version.replace('.', '_')}", path
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, from_version)

    def _indexes(self, table):
        self.env.cr.execute(SQL("SELECT indexname FROM pg_indexes WHERE tablename = %s", table))
        return {name for (name,) in self.env.cr.fetchall()}

    def test_migration_drops_the_index_a_link_no_longer_asks_for(self):
        """An earlier version indexed the delivery line's move line: Odoo keeps an index its
        field no longer asks for; the update drops it, and keeps the others."""
        index = f"{DELIVERY_TABLE}__move_line_id_index"
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (move_line_id)",
                SQL.identifier(index),
                SQL.identifier(DELIVERY_TABLE),
            )
        )
        kept = self._indexes(DELIVERY_TABLE) - {index}
        self.assertIn(f"{DELIVERY_TABLE}__recall_id_index", kept)
        self._post_migrate("18.0.2.2.0", "18.0.2.1.0")
        self.assertEqual(self._indexes(DELIVERY_TABLE), kept)

    def test_migration_drops_the_constraints_of_an_earlier_version(self):
        for column, table in (
            ("recall_id", "stock_lot_recall"),
            ("customer_id", "stock_lot_recall_customer"),
            ("lot_id", "stock_lot"),
            ("move_line_id", "stock_move_line"),
        ):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)",
                    SQL.identifier(DELIVERY_TABLE),
                    SQL.identifier(f"{DELIVERY_TABLE}_{column}_fkey"),
                    SQL.identifier(column),
                    SQL.identifier(table),
                )
            )
        self.env.cr.execute(
            SQL(
                "ALTER TABLE stock_lot_recall_lot ADD CONSTRAINT stock_lot_recall_lot_lot_id_fkey "
                "FOREIGN KEY (lot_id) REFERENCES stock_lot (id) ON DELETE SET NULL"
            )
        )
        self.assertEqual(len(self._foreign_keys(DELIVERY_TABLE)), 4)
        self._post_migrate("18.0.2.1.0", "18.0.2.0.0")
        self.assertEqual(self._foreign_keys(DELIVERY_TABLE), {})
        self.assertEqual(self._foreign_keys("stock_lot_recall_lot"), {})
