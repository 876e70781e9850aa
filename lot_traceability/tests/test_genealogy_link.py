# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
import time
from contextlib import closing, contextmanager

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.addons.lot_traceability.models.stock_lot_genealogy_link import (
    LINK_COLUMNS,
    LINK_ROWS,
    LINK_TABLE,
)
from odoo.addons.lot_traceability.orm_bypass.sql_create import analyze_if_changed
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, Form, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

from .common_genealogy import GenealogyCommon

LINK_LOGGER = "odoo.addons.lot_traceability.models.stock_lot_genealogy_link"

# every wait of the two transactions racing is bounded: a test that would hang fails instead
LOCK_TIMEOUT = "5s"
WAIT_SECONDS = 10


@tagged("post_install", "-at_install")
class TestGenealogyLink(GenealogyCommon):
    """The link table the walk reads follows every change of Odoo's relation and lines:
    after each step of the story, it holds exactly the links the relation gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour_lot = cls._create_lot(cls.flour, "FLOUR-L", 100)
        cls.flour_lot_2 = cls._create_lot(cls.flour, "FLOUR-L2", 100)
        cls.butter_lot = cls._create_lot(cls.butter, "BUTTER-L", 50)
        cls.batch, cls.mo = cls._produce(
            cls.cookie_batch, "BATCH-L", 40, [(cls.flour_lot, 30), (cls.butter_lot, 10)]
        )
        cls.Link = cls.env["stock.lot.genealogy.link"]

    def assertLinksExact(self):
        """Assert that the table holds what the relation gives; return its (input lot,
        output lot) pairs (the demo data has links of its own)."""
        stored = self.Link._read_rows()
        self.assertEqual(stored, self.Link._read_rows(recompute=True))
        return {(row[2], row[4]) for row in stored}

    def _batch_inputs_stored(self):
        """The input lots of the batch's links as stored, exact or not."""
        return {row[2] for row in self.Link._read_rows() if row[4] == self.batch.id}

    def _batch_inputs(self):
        return {pair[0] for pair in self.assertLinksExact() if pair[1] == self.batch.id}

    def _flour_line(self):
        return self.mo.move_raw_ids.move_line_ids.filtered(lambda ml: ml.lot_id == self.flour_lot)

    def test_manufacturing_split_and_merge_make_links(self):
        self.assertEqual(self._batch_inputs(), {self.flour_lot.id, self.butter_lot.id})
        trays = self._split(
            self.batch, unit_product_id=self.cookie_tray.id, unit_factor=2.0, unit_count=3
        )
        merged = self._merge(trays[:2], "MERGED-L")
        pairs = self.assertLinksExact()
        self.assertIn((self.batch.id, trays[0].id), pairs)
        self.assertIn((trays[1].id, merged.id), pairs)
        self.assertIn(merged, self.flour_lot._get_downstream_lots())

    def test_done_line_lot_changed_moves_the_link(self):
        """Correcting the lot of a consumed component (a done line) moves its link: the walk
        from the old lot no longer reaches the batch, from the new lot it does."""
        self.assertIn(self.batch, self.flour_lot._get_downstream_lots())
        self._flour_line().lot_id = self.flour_lot_2
        self.assertLinksExact()
        self.assertNotIn(self.batch, self.flour_lot._get_downstream_lots())
        self.assertIn(self.batch, self.flour_lot_2._get_downstream_lots())
        self.assertIn(self.flour_lot_2, self.batch._get_upstream_lots())

    def test_relation_rewritten_or_line_deleted_drops_the_link(self):
        finished_line = self.mo.move_finished_ids.move_line_ids
        finished_line.consume_line_ids = [(3, self._flour_line().id)]
        self.assertLinksExact()
        self.assertNotIn(self.batch, self.flour_lot._get_downstream_lots())
        self.assertIn(self.batch, self.butter_lot._get_downstream_lots())
        # a line leaving the done state (raw SQL, as a data fix would) takes its links away
        self.env["stock.move.line"].flush_model()
        self.env.cr.execute(
            SQL("UPDATE stock_move_line SET state = 'cancel' WHERE id = %s", finished_line.id)
        )
        self.assertFalse(self._batch_inputs())
        self.env.cr.execute(
            SQL("UPDATE stock_move_line SET state = 'done' WHERE id = %s", finished_line.id)
        )
        self.assertEqual(self._batch_inputs(), {self.butter_lot.id})
        # deleting the relation rows' line (cascade) removes the link
        self.env.cr.execute(SQL("DELETE FROM stock_move_line WHERE id = %s", finished_line.id))
        self.assertFalse(self._batch_inputs())

    def test_relation_row_updated_in_sql_moves_the_link(self):
        """Odoo never updates a relation row, a data fix might: the link follows it."""
        other_lot, other_mo = self._produce(
            self.cookie_batch, "BATCH-L2", 1, [(self.flour_lot_2, 1)]
        )
        self.env["stock.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE stock_move_line_consume_rel SET consume_line_id = %s
                    WHERE produce_line_id = %s""",
                other_mo.move_finished_ids.move_line_ids.id,
                self._flour_line().id,
            )
        )
        self.assertLinksExact()
        self.assertEqual(self._batch_inputs(), {self.butter_lot.id})
        self.assertIn(other_lot, self.flour_lot._get_downstream_lots())

    def test_unbuild_keeps_links_exact(self):
        unbuild_form = Form(self.env["mrp.unbuild"])
        unbuild_form.mo_id = self.mo
        unbuild_form.product_qty = 4
        unbuild_form.save().action_unbuild()
        self.assertLinksExact()
        self.assertIn(self.flour_lot, self.batch._get_downstream_lots())

    def _table_statistics(self):
        """The row count of the table, as ANALYZE last saw it and as it is."""
        [(reltuples, rows)] = self.env.execute_query(
            SQL(
                """SELECT reltuples, (SELECT COUNT(*) FROM %s)
                     FROM pg_class WHERE oid = %s::regclass""",
                SQL.identifier(LINK_TABLE),
                LINK_TABLE,
            )
        )
        return reltuples, rows

    def test_rebuild_analyzes_the_table(self):
        """The planner knows the rebuilt table (autovacuum is off on some servers): its row
        count as of the rebuild, the setup's links included."""
        self.Link._rebuild()
        reltuples, rows = self._table_statistics()
        self.assertEqual(reltuples, rows)

    def test_analyze_if_changed_follows_autovacuum_rule(self):
        """A bulk load is followed by ANALYZE when it changed more rows than autovacuum's
        threshold (50 rows + 10 % of the table by default), not otherwise."""
        self.Link._rebuild()
        self.env.execute_query(
            SQL(
                "DELETE FROM %s WHERE produce_line_id = %s",
                SQL.identifier(LINK_TABLE),
                self._flour_line().id,
            )
        )
        self.assertFalse(analyze_if_changed(self.env, LINK_TABLE, 1))
        reltuples, rows = self._table_statistics()
        self.assertEqual(reltuples, rows + 1)
        self.assertTrue(analyze_if_changed(self.env, LINK_TABLE, 10_000))
        self.assertEqual(self._table_statistics(), (rows, rows))

    def test_cron_reports_and_repairs_drift(self):
        """The scheduled verification finds the rows that differ from the relation (made here
        by raw SQL, as a concurrency bug or a data fix would), logs them as a warning and
        repairs them; an exact table is left alone, silently."""
        cron = self.env.ref("lot_traceability.ir_cron_stock_lot_genealogy_link_verify")
        with self.assertNoLogs(LINK_LOGGER, "WARNING"):
            cron.method_direct_trigger()
        finished_line = self.mo.move_finished_ids.move_line_ids
        butter_line = self.mo.move_raw_ids.move_line_ids - self._flour_line()
        self.env.flush_all()
        # a line not done, linked to the batch: no link row is expected for it
        [(open_line,)] = self.env.execute_query(
            SQL(
                """
                INSERT INTO stock_move_line (company_id, product_id, product_uom_id, lot_id,
                                             location_id, location_dest_id, date, state)
                SELECT company_id, product_id, product_uom_id, lot_id, location_id,
                       location_dest_id, date, 'assigned'
                  FROM stock_move_line WHERE id = %s
                RETURNING id
                """,
                self._flour_line().id,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_move_line_consume_rel (consume_line_id, produce_line_id)
                VALUES (%(finished)s, %(open)s);
                -- extra: a link for the line not done
                INSERT INTO stock_lot_genealogy_link
                SELECT consume_line_id, %(open)s, input_lot_id, input_location_dest_id,
                       output_lot_id, output_location_id
                  FROM stock_lot_genealogy_link WHERE produce_line_id = %(flour)s;
                -- wrong: the flour link with another lot
                UPDATE stock_lot_genealogy_link SET input_lot_id = %(other_lot)s
                 WHERE produce_line_id = %(flour)s;
                -- missing: the butter link
                DELETE FROM stock_lot_genealogy_link WHERE produce_line_id = %(butter)s;
                """,
                finished=finished_line.id,
                open=open_line,
                flour=self._flour_line().id,
                butter=butter_line.id,
                other_lot=self.flour_lot_2.id,
            )
        )
        self.assertEqual(self._batch_inputs_stored(), {self.flour_lot.id, self.flour_lot_2.id})
        with self.assertLogs(LINK_LOGGER, "WARNING") as logs:
            cron.method_direct_trigger()
        [message] = logs.output
        self.assertIn("1 missing, 1 extra, 1 wrong rows", message)
        for line in (self._flour_line(), butter_line, open_line):
            line_id = line if isinstance(line, int) else line.id
            self.assertIn(f"({finished_line.id}, {line_id})", message)
        self.assertEqual(self._batch_inputs(), {self.flour_lot.id, self.butter_lot.id})
        with self.assertNoLogs(LINK_LOGGER, "WARNING"):
            self.assertEqual(self.Link._cron_verify(), {"missing": 0, "extra": 0, "wrong": 0})

    def test_rebuild_repairs_and_uninstall_drops(self):
        self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(LINK_TABLE)))
        self.assertNotIn(self.batch, self.flour_lot._get_downstream_lots())
        self.Link._rebuild()
        self.assertEqual(self._batch_inputs(), {self.flour_lot.id, self.butter_lot.id})
        self.assertIn(self.batch, self.flour_lot._get_downstream_lots())

        def objects():
            [(table, triggers, functions)] = self.env.execute_query(
                SQL(
                    """
                    SELECT to_regclass(%s) IS NOT NULL,
                           (SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE %s),
                           (SELECT COUNT(*) FROM pg_proc WHERE proname LIKE %s)
                    """,
                    LINK_TABLE,
                    f"{LINK_TABLE}%",
                    f"{LINK_TABLE}%",
                )
            )
            return table, triggers, functions

        self.assertEqual(objects(), (True, 3, 5))
        self.Link._drop()  # as the uninstall hook does
        self.assertEqual(objects(), (False, 0, 0))
        # Odoo's own writes work without them
        self._produce(self.cookie_batch, "BATCH-AFTER", 1, [(self.flour_lot_2, 1)])


@tagged("post_install", "-at_install")
class TestGenealogyLinkConcurrency(BaseCase):
    """Two transactions (two real database connections, committed data) change the rows a
    link is read from at the same time: the link table stays exact, in Odoo's REPEATABLE
    READ (the transaction that loses the race fails with a serialization failure and is
    retried, as Odoo retries a request) and in READ COMMITTED (it waits, then reads the
    other's commit)."""

    ISOLATION_LEVELS = ("REPEATABLE READ", "READ COMMITTED")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        with cls._committed() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].create(
                {"name": "Race Component", "is_storable": True, "tracking": "lot"}
            )
            cls.product_id = product.id
            cls.lot_ids = (
                env["stock.lot"]
                .create([{"name": f"RACE-{n}", "product_id": product.id} for n in range(4)])
                .ids
            )
            stock = env.ref("stock.stock_location_stock").id
            production = product.property_stock_production.id
            # a done component line (input) and a done finished line (output), as a
            # manufacturing order leaves them, written directly: no quant is involved
            [(cls.input_line,), (cls.output_line,)] = env.execute_query(
                SQL(
                    """
                    INSERT INTO stock_move_line (company_id, product_id, product_uom_id, lot_id,
                                                 location_id, location_dest_id, state, date,
                                                 quantity)
                    VALUES (%(company)s, %(product)s, %(uom)s, %(lot_in)s, %(stock)s,
                            %(production)s, 'done', now() at time zone 'UTC', 1),
                           (%(company)s, %(product)s, %(uom)s, %(lot_out)s, %(production)s,
                            %(stock)s, 'done', now() at time zone 'UTC', 1)
                    RETURNING id
                    """,
                    company=env.company.id,
                    product=product.id,
                    uom=product.uom_id.id,
                    lot_in=cls.lot_ids[0],
                    lot_out=cls.lot_ids[1],
                    stock=stock,
                    production=production,
                )
            )
        cls.addClassCleanup(cls._remove_fixture)

    @classmethod
    def _remove_fixture(cls):
        with cls._committed() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM stock_move_line WHERE id IN %s",
                    (cls.input_line, cls.output_line),
                )
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["stock.lot"].browse(cls.lot_ids).unlink()
            env["product.product"].browse(cls.product_id).product_tmpl_id.unlink()

    @classmethod
    @contextmanager
    def _committed(cls):
        """A cursor of its own connection, committed at the end (rolled back on error)."""
        with closing(db_connect(cls.dbname).cursor()) as cr:
            cr.execute(SQL("SET lock_timeout = %s", LOCK_TIMEOUT))
            try:
                yield cr
            except Exception:
                cr.rollback()
                raise
            cr.commit()  # pylint: disable=invalid-commit

    def _reset(self):
        """The two lines with their first lots and no relation row between them."""
        with self._committed() as cr:
            cr.execute(
                SQL(
                    """
                    DELETE FROM stock_move_line_consume_rel
                     WHERE consume_line_id = %(output)s OR produce_line_id = %(input)s;
                    UPDATE stock_move_line SET lot_id = %(lot_in)s WHERE id = %(input)s;
                    UPDATE stock_move_line SET lot_id = %(lot_out)s WHERE id = %(output)s;
                    """,
                    input=self.input_line,
                    output=self.output_line,
                    lot_in=self.lot_ids[0],
                    lot_out=self.lot_ids[1],
                )
            )

    def _link_statement(self):
        return SQL(
            "INSERT INTO stock_move_line_consume_rel (consume_line_id, produce_line_id) "
            "VALUES (%s, %s)",
            self.output_line,
            self.input_line,
        )

    def _lot_statement(self, line, lot):
        return SQL("UPDATE stock_move_line SET lot_id = %s WHERE id = %s", lot, line)

    def _race(self, isolation, first, second):
        """Run ``first`` in transaction A and, while A is open, ``second`` in transaction B
        (in a thread: B may wait for A); commit A, then B, retrying B once on a
        serialization failure as Odoo retries a request. Return whether B was retried."""
        outcome = {}

        def run_b():
            try:
                cr_b.execute(second, log_exceptions=False)
            except Exception as error:  # handed to the main thread
                outcome["error"] = error
            else:
                outcome["done"] = True

        with (
            closing(db_connect(self.dbname).cursor()) as cr_a,
            closing(db_connect(self.dbname).cursor()) as cr_b,
        ):
            for cr in (cr_a, cr_b):
                cr.execute(SQL("SET lock_timeout = %s", LOCK_TIMEOUT))
                cr.commit()  # pylint: disable=invalid-commit
                cr.execute(SQL(f"SET TRANSACTION ISOLATION LEVEL {isolation}"))
            # B's snapshot is taken before A writes (a request that read something first)
            cr_b.execute(SQL("SELECT 1 FROM stock_move_line WHERE id = %s", self.input_line))
            cr_a.execute(first)
            pid_b = cr_b.connection.get_backend_pid()
            thread = threading.Thread(target=run_b, daemon=True)
            thread.start()
            # until B is done or waits for a lock
            deadline = time.monotonic() + WAIT_SECONDS
            while thread.is_alive() and time.monotonic() < deadline:
                cr_a.execute(SQL("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", pid_b))
                if cr_a.fetchone():
                    break
                time.sleep(0.01)
            cr_a.commit()
            thread.join(WAIT_SECONDS)
            self.assertFalse(thread.is_alive(), "transaction B still waits")
            error = outcome.get("error")
            if error is not None:
                self.assertIsInstance(error, errors.SerializationFailure)
                self.assertEqual(isolation, "REPEATABLE READ")
                cr_b.rollback()
                cr_b.execute(second)
            cr_b.commit()
        return error is not None

    def _links(self):
        """The links of the two lines, as stored and as the relation gives them."""
        with self._committed() as cr:
            where = SQL(
                "consume_line_id = %s OR produce_line_id = %s", self.output_line, self.input_line
            )
            cr.execute(SQL(f"SELECT {LINK_COLUMNS} FROM {LINK_TABLE} WHERE %s", where))
            stored = set(cr.fetchall())
            cr.execute(
                SQL(
                    LINK_ROWS.format(
                        rel="stock_move_line_consume_rel",
                        where="AND (rel.consume_line_id = %s OR rel.produce_line_id = %s)",
                    ),
                    self.output_line,
                    self.input_line,
                )
            )
            return stored, set(cr.fetchall())

    def _check_race(self, prepare, first, second, expected_lots):
        """Race ``first`` and ``second`` at each isolation level, from the state ``prepare``
        commits: the table holds the one link of the lines, with ``expected_lots`` (input
        lot, output lot), what both transactions wrote."""
        for isolation in self.ISOLATION_LEVELS:
            with self.subTest(isolation=isolation):
                self._reset()
                if prepare:
                    with self._committed() as cr:
                        cr.execute(prepare)
                self._race(isolation, first, second)
                stored, expected = self._links()
                self.assertEqual(stored, expected)
                self.assertEqual({(row[2], row[4]) for row in stored}, {expected_lots})

    def test_lot_changed_while_relation_row_inserted(self):
        """A changes the input line's lot, B links the line (the issue's case): B waits for
        A and reads the new lot (its retry in REPEATABLE READ)."""
        new_lot = self.lot_ids[2]
        self._check_race(
            None,
            self._lot_statement(self.input_line, new_lot),
            self._link_statement(),
            (new_lot, self.lot_ids[1]),
        )

    def test_relation_row_inserted_while_lot_changed(self):
        """A links the line, B changes its lot: B waits for A and recomputes A's link."""
        new_lot = self.lot_ids[2]
        self._check_race(
            None,
            self._link_statement(),
            self._lot_statement(self.input_line, new_lot),
            (new_lot, self.lot_ids[1]),
        )

    def test_lot_changed_while_own_lines_linked(self):
        """B writes the two lines itself before it links them (as a manufacturing order
        does), so the relation insert does not write them again: its own write waits for A."""
        new_lot = self.lot_ids[2]
        self._check_race(
            None,
            self._lot_statement(self.input_line, new_lot),
            SQL(
                "UPDATE stock_move_line SET quantity = quantity WHERE id IN %s; %s",
                (self.input_line, self.output_line),
                self._link_statement(),
            ),
            (new_lot, self.lot_ids[1]),
        )

    def test_both_lines_of_a_link_changed(self):
        """A changes the input line's lot, B the output line's: the link has both."""
        self._check_race(
            self._link_statement(),
            self._lot_statement(self.input_line, self.lot_ids[2]),
            self._lot_statement(self.output_line, self.lot_ids[3]),
            (self.lot_ids[2], self.lot_ids[3]),
        )
