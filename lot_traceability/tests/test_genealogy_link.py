# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.lot_traceability.models.stock_lot_genealogy_link import LINK_TABLE
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common_genealogy import GenealogyCommon


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

        self.assertEqual(objects(), (True, 3, 4))
        self.Link._drop()  # as the uninstall hook does
        self.assertEqual(objects(), (False, 0, 0))
        # Odoo's own writes work without them
        self._produce(self.cookie_batch, "BATCH-AFTER", 1, [(self.flour_lot_2, 1)])
