# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recall snapshot's deliveries written by PostgreSQL (``INSERT … SELECT``,
``models/stock_lot_recall_sql_snapshot.py``) against the ORM path (system parameter
``lot_traceability.orm_only``): the same rows, row for row, for every suspect set of the
bakery story; the derived fields of a delivery line (document, address, customer, product)
are the delivery's."""

from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from .common_recall import RecallCommon
from .test_orm_bypass import FastPathBothWaysMixin

LINE_MODELS = [
    "stock.lot.recall.lot",
    "stock.lot.recall.customer",
    "stock.lot.recall.delivery",
    "stock.lot.recall.onhand",
    "stock.lot.recall.shipment",
]


@tagged("post_install", "-at_install")
class TestRecallSqlSnapshot(FastPathBothWaysMixin, RecallCommon):
    def _snapshot_both_ways(self, lots):
        recall = self._create_recall(lots)
        derived = {}

        def snapshot():
            recall.action_open()
            ids = {"stock.lot.recall": recall.ids}
            for model_name in LINE_MODELS:
                ids[model_name] = self.env[model_name].search([("recall_id", "=", recall.id)]).ids
            deliveries = self.env["stock.lot.recall.delivery"].browse(
                ids["stock.lot.recall.delivery"]
            )
            customers = self.env["stock.lot.recall.customer"].browse(
                ids["stock.lot.recall.customer"]
            )
            derived[len(derived)] = (
                sorted(
                    (
                        d.move_line_id.id,
                        d.picking_id.id,
                        d.address_id.id,
                        d.partner_id.id,
                        d.product_id.id,
                        d.company_id.id,
                    )
                    for d in deliveries
                ),
                sorted((c.partner_id.id, tuple(sorted(c.address_ids.ids))) for c in customers),
                (recall.delivery_count, recall.customer_count, recall.affected_lot_count),
            )
            return ids

        fast, orm = self._run_both_ways(snapshot)
        tables = ["stock_lot_recall"] + [self.env[m]._table for m in LINE_MODELS]
        # a suspect set without deliveries or shipments stores no row there
        tables = [table for table in tables if fast.get(table) or orm.get(table)]
        fast = {table: rows for table, rows in fast.items() if table in tables}
        orm = {table: rows for table, rows in orm.items() if table in tables}
        self._assert_same_rows(fast, orm, tables)
        self.assertEqual(derived[0], derived[1])
        return derived[0]

    def test_same_rows_for_each_suspect_set(self):
        for lots in (
            self.flour_bad,
            self.batch,
            self.tray_3,
            self.flour_bad | self.flour_ok,
            self.butter_lot | self.tray_1,
        ):
            with self.subTest(lots=lots.mapped("name")):
                self._snapshot_both_ways(lots)

    def test_same_rows_when_customers_are_created_by_the_orm(self):
        """Another module's stored field on the recall customers (or an override of their
        create): the customers are created by the ORM, the deliveries by one INSERT … SELECT;
        the same rows as the ORM path."""
        Recall = type(self.env["stock.lot.recall"])
        with patch.object(Recall, "_can_insert_customers_sql", return_value=False):
            self._snapshot_both_ways(self.flour_bad)

    def test_recompute_keeps_notifications_same_rows(self):
        """Customers, their addresses and deliveries written by one statement keep, when the
        snapshot is recomputed, what was known of each customer's notice, as the ORM path
        does: the same rows both ways."""
        recall = self._create_recall()
        addresses = {}

        def recompute():
            recall.action_open()
            grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
            bistro = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
            (grocer | bistro).action_mark_notified()
            bistro.action_acknowledge()
            recall.action_recompute()
            addresses[len(addresses)] = sorted(
                (customer_id, sorted(partner_ids))
                for customer_id, partner_ids in self.env.execute_query(
                    SQL(
                        """
                        SELECT customer.partner_id, ARRAY_AGG(rel.partner_id)
                          FROM stock_lot_recall_customer customer
                          JOIN stock_lot_recall_customer_address_rel rel
                            ON rel.customer_id = customer.id
                         WHERE customer.recall_id = %s
                         GROUP BY customer.partner_id
                        """,
                        recall.id,
                    )
                )
            )
            ids = {"stock.lot.recall": recall.ids}
            for model_name in LINE_MODELS:
                ids[model_name] = self.env[model_name].search([("recall_id", "=", recall.id)]).ids
            return ids

        fast, orm = self._run_both_ways(recompute)
        tables = ["stock_lot_recall"] + [self.env[m]._table for m in LINE_MODELS]
        tables = [table for table in tables if fast.get(table) or orm.get(table)]
        self._assert_same_rows(fast, orm, tables)
        customers = {row["partner_id"]: row for row in fast["stock_lot_recall_customer"]}
        self.assertTrue(customers[self.grocer.id]["notified_otherwise"])
        self.assertFalse(customers[self.grocer.id]["acknowledged_date"])
        self.assertTrue(customers[self.bistro.id]["acknowledged_date"])
        self.assertEqual(addresses[0], addresses[1])
        self.assertEqual(
            addresses[0],
            [
                (self.bistro.id, sorted((self.bistro | self.bistro_kitchen).ids)),
                (self.grocer.id, [self.grocer.id]),
            ],
        )

    def test_deliveries_written_by_one_insert_select(self):
        """With the switch off, no delivery row goes through Python: the engine is not asked
        for the deliveries and ``sql_create`` is not given any."""
        recall = self._create_recall()
        Recall = type(recall)
        asked = []
        original = Recall._get_affected_set

        def spy(recall, with_deliveries=True):
            asked.append(with_deliveries)
            return original(recall, with_deliveries=with_deliveries)

        created = []
        original_lines = Recall._create_snapshot_lines

        def spy_lines(recall, model_name, vals_list):
            created.append(model_name)
            return original_lines(recall, model_name, vals_list)

        with (
            patch.object(Recall, "_get_affected_set", spy),
            patch.object(Recall, "_create_snapshot_lines", spy_lines),
        ):
            recall.action_open()
        self.assertEqual(asked, [False])
        self.assertNotIn("stock.lot.recall.delivery", created)
        self.assertEqual(recall.delivery_count, 4)  # 3 deliveries and the grocer's return

    def test_deliveries_insert_analyzes_the_table_when_it_grew(self):
        """Autovacuum may be off: the INSERT … SELECT tells analyze_if_changed how many rows
        it wrote (a hub's recall: 250,000), which ANALYZEs when autovacuum would."""
        recall = self._create_recall()
        told = []
        with patch(
            "odoo.addons.lot_traceability.models.stock_lot_recall_sql_snapshot.analyze_if_changed",
            side_effect=lambda env, table, rows: told.append((table, rows)),
        ):
            recall.action_open()
        self.assertEqual(told, [("stock_lot_recall_delivery", 4)])

    def test_delivery_line_derives_document_address_customer(self):
        recall = self._open_recall()
        kitchen = recall.delivery_ids.filtered(lambda d: d.lot_id == self.tray_2)
        self.assertEqual(kitchen.picking_id, self.delivery_kitchen)
        self.assertEqual(kitchen.address_id, self.bistro_kitchen)
        self.assertEqual(kitchen.partner_id, self.bistro)
        self.assertEqual(kitchen.product_id, self.cookie_tray)
        self.assertEqual(kitchen.company_id, recall.company_id)
        self.assertEqual(kitchen.quantity, 8)
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        self.assertEqual(sorted(grocer.delivery_ids.mapped("quantity")), [-5, 20])
        lot_line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.tray_3)
        self.assertEqual(lot_line.qty_delivered, 15)

    def test_mass_balance_computed_with_the_insert(self):
        """The lots' unaccounted quantities are computed for all the lines at once when they
        are inserted (``sql_create``'s handlers), not recomputed by the ORM line by line
        afterwards; the same rows as the ORM path, an unaccounted quantity included."""
        quant = self.env["stock.quant"]._gather(
            self.cookie_tray, self.stock_location, lot_id=self.tray_4, strict=True
        )
        quant.inventory_quantity = 18
        quant.action_apply_inventory()
        self._snapshot_both_ways(self.flour_bad)
        recall = self._create_recall()
        RecallLot = type(self.env["stock.lot.recall.lot"])
        with patch.object(RecallLot, "_compute_qty_unaccounted", side_effect=AssertionError):
            recall.action_open()
            self.env.flush_all()
        line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.tray_4)
        self.assertEqual((line.qty_unaccounted, line.is_unaccounted), (2, True))
        self.assertEqual(recall.unaccounted_lot_count, 1)
