# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.stock_move_line_kind import TRACEABILITY_KINDS
from .common_move_kind import MoveKindCommon


@tagged("post_install", "-at_install")
class TestMoveLineKind(MoveKindCommon):
    """The move line classifier: its Python and SQL twins give the same kind to every line."""

    def _sql_kinds(self, lines):
        self.env.flush_all()
        MoveLine = self.env["stock.move.line"]
        rows = self.env.execute_query(
            SQL(
                "SELECT line.id, %s FROM stock_move_line line WHERE line.id = ANY(%s)",
                MoveLine._traceability_kind_sql("line"),
                lines.ids,
            )
        )
        kinds = dict(rows)
        # the twin on locations the query joined itself (bulk readers: the tracking events)
        rows = self.env.execute_query(
            SQL(
                """SELECT line.id, %s FROM stock_move_line line
                     JOIN stock_location src ON src.id = line.location_id
                     JOIN stock_location dst ON dst.id = line.location_dest_id
                    WHERE line.id = ANY(%s)""",
                MoveLine._traceability_kind_sql("line", source="src", destination="dst"),
                lines.ids,
            )
        )
        self.assertEqual(dict(rows), kinds, "both SQL forms agree")
        return kinds

    def _kinds(self, documents):
        lines = self._lines(documents)
        self.assertTrue(lines, f"no done line in {documents}")
        return set(lines._traceability_kind().values())

    def test_python_and_sql_agree_on_every_line(self):
        lines = self.env["stock.move.line"].search([("state", "=", "done")])
        python = {line.id: kind for line, kind in lines._traceability_kind().items()}
        self.assertEqual(python, self._sql_kinds(lines))
        # the story has a line of each kind
        self.assertEqual(set(python.values()), {kind for kind, _label in TRACEABILITY_KINDS})

    def test_domain_twin_finds_the_lines_of_each_kind(self):
        MoveLine = self.env["stock.move.line"]
        lines = MoveLine.search([("state", "=", "done")])
        kinds = lines._traceability_kind()
        for kind, _label in TRACEABILITY_KINDS:
            with self.subTest(kind=kind):
                found = MoveLine.search(
                    [("id", "in", lines.ids), *MoveLine._traceability_kind_domain(kind)]
                )
                self.assertEqual(found, lines.filtered(lambda line, k=kind: kinds[line] == k))
        with self.assertRaisesRegex(ValueError, "unknown kind 'gift'"):
            MoveLine._traceability_kind_domain("gift")

    def test_kind_of_each_document(self):
        expected = [
            (self.receipt, {"receipt"}),
            (self.vendor_return, {"vendor_return"}),
            (self.bake_mo, {"consumption", "production"}),
            (self.delivery, {"delivery"}),
            (self.customer_return, {"customer_return"}),
            (self.to_quarantine, {"internal"}),
        ]
        for document, kinds in expected:
            with self.subTest(document=document.display_name):
                self.assertEqual(self._kinds(document), kinds)

    def test_split_is_a_transformation(self):
        lines = self.env["stock.move.line"].search(
            [("lot_id", "in", (self.batch | self.trays).ids), ("state", "=", "done")]
        )
        kinds = lines._traceability_kind()
        self.assertEqual(
            {kinds[line] for line in lines if line.move_id.production_id}, {"production"}
        )
        self.assertEqual(
            {kinds[line] for line in lines if not line.move_id.production_id}, {"transformation"}
        )

    def test_return_of_a_return(self):
        # what came back from the mill is received again; what the Bistro returned and got
        # again is delivered again
        self.assertEqual(self._kinds(self.vendor_return_back), {"receipt"})
        self.assertEqual(self._kinds(self.customer_return_back), {"delivery"})

    def test_inter_warehouse_transit_is_internal(self):
        lines = self._lines(self.to_transit | self.from_transit)
        self.assertEqual(set(lines._traceability_kind().values()), {"internal"})
        self.assertEqual(set(self._sql_kinds(lines).values()), {"internal"})
        MoveLine = self.env["stock.move.line"]
        for line in lines:
            self.assertFalse(
                MoveLine._traceability_stock_direction_of(line.location_id, line.location_dest_id)
            )

    def test_scrap_from_quarantine(self):
        self.assertEqual(self._kinds(self.scrap), {"scrap"})
        (line,) = self._lines(self.scrap)
        self.assertEqual(line.location_id, self.quarantine)
        self.assertEqual(self._sql_kinds(line), {line.id: "scrap"})

    def test_inventory_gain_and_loss(self):
        MoveLine = self.env["stock.move.line"]
        for line, direction in ((self.inventory_gain, "in"), (self.inventory_loss, "out")):
            with self.subTest(direction=direction):
                self.assertEqual(line._traceability_kind(), {line: "inventory"})
                self.assertEqual(self._sql_kinds(line), {line.id: "inventory"})
                self.assertEqual(
                    MoveLine._traceability_stock_direction_of(
                        line.location_id, line.location_dest_id
                    ),
                    direction,
                )

    def test_kind_of_a_line_not_written(self):
        # the hold checks classify an edit before it is written: the locations it would have
        MoveLine = self.env["stock.move.line"]
        (line,) = self._lines(self.to_quarantine)
        self.assertEqual(
            MoveLine._traceability_kind_of(line.location_id, self.customer_location), "delivery"
        )
        self.assertEqual(
            MoveLine._traceability_kind_of(line.location_id, self.env["stock.location"]),
            "internal",
        )

    def test_recall_mass_balance_of_the_story(self):
        flows = self.env["stock.lot.recall"]._get_lot_flows(self.kind_lot)[self.kind_lot.id]
        self.assertEqual(
            dict(flows),
            {
                "in": 100 + 10 + 3,
                "returned": 10,
                "consumed": 30,
                "scrapped": 1,
                "inventory_loss": 2,
            },
        )
