# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trace screen's first page (``wizards/stock_lot_trace_page.py``): the first lines and
the counts of the whole trace, without building it; the deliveries read for the lots shown
only. The bakery recall story: FLOUR-BAD, its batch, four trays, three deliveries, a
return and a shipment to stop."""

from unittest.mock import patch

from odoo.models import BaseModel
from odoo.tests import tagged

from ..orm_bypass.switch import ORM_ONLY_PARAM
from ..wizards import stock_lot_trace_page
from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestTracePage(RecallCommon):
    def _trace(self, lot, direction, max_lines):
        return self.env["stock.lot.trace"].create(
            {"lot_id": lot.id, "direction": direction, "max_lines": max_lines}
        )

    def test_page_is_the_whole_traces_first_lines_and_counts(self):
        for lot in (self.flour_bad, self.batch):
            for direction in ("both", "downstream", "upstream"):
                full_trace = self._trace(lot, direction, 0)
                full = full_trace._get_trace_rows()
                for max_lines in (1, 2, 5, 9, 14, len(full), 2000):
                    with self.subTest(lot=lot.name, direction=direction, max_lines=max_lines):
                        trace = self._trace(lot, direction, max_lines)
                        rows, counts, total = trace._get_screen_page()
                        self.assertEqual(rows, full[:max_lines])
                        self.assertEqual(counts, full_trace._count_rows(full))
                        self.assertEqual(total, len(full))

    def test_screen_shows_counts_and_a_truncated_note(self):
        full_trace = self._trace(self.flour_bad, "downstream", 0)
        full_trace.action_refresh()
        trace = self._trace(self.flour_bad, "downstream", 5)
        trace.action_refresh()
        self.assertEqual(len(trace.line_ids), 5)
        self.assertEqual(trace.line_ids.mapped("name"), full_trace.line_ids[:5].mapped("name"))
        for count in ("downstream_count", "delivery_count", "customer_count", "to_stop_count"):
            self.assertEqual(trace[count], full_trace[count], count)
        self.assertEqual(trace.downstream_count, 5)
        self.assertEqual(
            trace.truncated_note,
            f"Showing 5 of {len(full_trace.line_ids)} lines: export to Excel to see them all.",
        )

    def test_deliveries_read_for_the_lots_shown_only(self):
        Trace = type(self.env["stock.lot.trace"])
        original = Trace._read_events
        read = []

        def read_events(trace, lot_ids, rules, context):
            read.extend(lot_ids)
            return original(trace, lot_ids, rules, context)

        trace = self._trace(self.flour_bad, "downstream", 4)
        with (
            patch.object(stock_lot_trace_page, "EVENT_CHUNK", 1),
            patch.object(Trace, "_read_events", read_events),
        ):
            trace.action_refresh()
        shown = set(trace.line_ids.lot_id.ids)
        self.assertTrue(read, "deliveries read lot by lot as the page fills")
        self.assertLessEqual(set(read), shown)
        self.assertLess(len(read), trace.downstream_count + 1)

    def test_links_read_for_the_lots_shown_only(self):
        """The first screen reads the links of the lots it expands (with their next siblings),
        not the details of every link of the tree: the walk itself only counts them."""
        Genealogy = type(self.env["stock.lot.genealogy"])
        original = Genealogy._read_child_link_rows
        read = []

        def read_child_link_rows(genealogy, lot_ids, direction, context, **kwargs):
            read.extend(lot_ids)
            return original(genealogy, lot_ids, direction, context, **kwargs)

        trace = self._trace(self.flour_bad, "downstream", 4)
        with (
            patch.object(stock_lot_trace_page, "LINK_CHUNK", 1),
            patch.object(stock_lot_trace_page, "EVENT_CHUNK", 1),
            patch.object(Genealogy, "_read_child_link_rows", read_child_link_rows),
            patch.object(Genealogy, "_read_link_rows", side_effect=AssertionError("whole tree")),
        ):
            trace.action_refresh()
        shown = set(trace.line_ids.lot_id.ids)
        self.assertTrue(read, "links read lot by lot as the page fills")
        self.assertLessEqual(set(read), shown)
        self.assertEqual(trace.downstream_count, 5)

    def test_links_read_ahead_across_the_tree(self):
        """The lots whose links a page reads together are the next ones of the tree's order,
        not only a lot's next siblings: the cousins too (a hub's lots below its first level
        have two or three siblings: read a few at a time, 70 queries for a page)."""
        batch_a, _mo = self._produce(self.cookie_batch, "COOKIES-A", 10, [(self.flour_ok, 10)])
        batch_b, _mo = self._produce(self.cookie_batch, "COOKIES-B", 10, [(self.flour_ok, 10)])
        tray_a, _mo = self._produce(self.cookie_tray, "TRAY-A", 2, [(batch_a, 4)])
        tray_b, _mo = self._produce(self.cookie_tray, "TRAY-B", 2, [(batch_b, 4)])
        Genealogy = type(self.env["stock.lot.genealogy"])
        original = Genealogy._read_child_link_rows
        read = []

        def read_child_link_rows(genealogy, lot_ids, direction, context, **kwargs):
            read.append(set(lot_ids))
            return original(genealogy, lot_ids, direction, context, **kwargs)

        full_trace = self._trace(self.flour_ok, "downstream", 0)
        full = full_trace._get_trace_rows()
        trace = self._trace(self.flour_ok, "downstream", 2000)
        with patch.object(Genealogy, "_read_child_link_rows", read_child_link_rows):
            rows, _counts, total = trace._get_screen_page()
        self.assertEqual(rows, full)
        self.assertEqual(total, len(full))
        # the start lot, its children, then both trays at once (cousins)
        self.assertEqual(
            read, [{self.flour_ok.id}, {batch_a.id, batch_b.id}, {tray_a.id, tray_b.id}]
        )

    def test_first_links_of_a_lot_with_many_children(self):
        """Of a lot's links, a page reads the first ``max_lines`` (by date, then lot): the
        salt hub has 16,000 children, a page shows a line for each child it visits."""
        for name in ("COOKIES-A", "COOKIES-B", "COOKIES-C"):
            self._produce(self.cookie_batch, name, 5, [(self.flour_ok, 5)])
        genealogy = self.env["stock.lot.genealogy"]
        genealogy._flush_genealogy()
        context = genealogy._get_walk_context()
        every = genealogy._read_child_link_rows(self.flour_ok.ids, "downstream", context)
        self.assertEqual(len(every), 3)

        def order(row):
            return row["date"], row["lot_id"]

        every.sort(key=order)
        for limit in (1, 2, 3, 4):
            first = genealogy._read_child_link_rows(
                self.flour_ok.ids, "downstream", context, limit=limit
            )
            self.assertEqual(sorted(first, key=order), every[:limit], limit)
        Genealogy = type(genealogy)
        original = Genealogy._read_child_link_rows
        read = []

        def read_child_link_rows(genealogy, lot_ids, direction, context, **kwargs):
            rows = original(genealogy, lot_ids, direction, context, **kwargs)
            read.extend(rows)
            return rows

        full = self._trace(self.flour_ok, "downstream", 0)._get_trace_rows()
        for max_lines in (2, 3, 2000):
            read.clear()
            trace = self._trace(self.flour_ok, "downstream", max_lines)
            with patch.object(Genealogy, "_read_child_link_rows", read_child_link_rows):
                rows, _counts, total = trace._get_screen_page()
            self.assertEqual(rows, full[:max_lines])
            self.assertEqual(total, len(full))
            children = [row for row in read if row["parent_lot_id"] == self.flour_ok.id]
            self.assertEqual(len(children), min(max_lines, 3), max_lines)

    def test_lot_consumed_through_several_lines(self):
        """A lot consumed through two lines of one order: its pair of lots has two link rows
        and one document, one line on the screen; counted as the whole trace counts it."""
        self._produce(
            self.cookie_batch, "COOKIES-2", 10, [(self.flour_bad, 4), (self.flour_bad, 4)]
        )
        full_trace = self._trace(self.flour_bad, "downstream", 0)
        full = full_trace._get_trace_rows()
        genealogy = self.env["stock.lot.genealogy"]
        with patch.object(
            type(genealogy), "_read_child_link_rows", return_value=[]
        ) as read_child_link_rows:
            full_trace._read_tree_shape(self.flour_bad, genealogy._get_walk_context())
        self.assertEqual(read_child_link_rows.call_args.args[0], [self.flour_bad.id])
        for max_lines in (3, 9, 2000):
            trace = self._trace(self.flour_bad, "downstream", max_lines)
            rows, counts, total = trace._get_screen_page()
            self.assertEqual(rows, full[:max_lines])
            self.assertEqual(counts, full_trace._count_rows(full))
            self.assertEqual(total, len(full))

    def test_lines_written_by_one_insert_as_the_orm_writes_them(self):
        fields = [*self.env["stock.lot.trace.line"]._get_row_fields(), "sequence", "trace_id"]
        trace = self._trace(self.flour_bad, "both", 2000)
        created = []
        original = BaseModel._create

        def create(model, data_list):
            created.append(model._name)
            return original(model, data_list)

        with patch.object(BaseModel, "_create", create):
            trace.action_refresh()
        self.assertNotIn("stock.lot.trace.line", created, "one INSERT, not the ORM's create")
        self.assertEqual(len(trace.line_ids), 11)
        fast = trace.line_ids.read(fields, load=None)
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, "True")
        orm_trace = self._trace(self.flour_bad, "both", 2000)
        orm_trace.action_refresh()
        self.env.invalidate_all()
        orm = orm_trace.line_ids.read(fields, load=None)
        self.assertEqual(len(fast), len(orm))
        for fast_line, orm_line in zip(fast, orm, strict=True):
            del fast_line["id"], orm_line["id"]
            fast_line.pop("trace_id"), orm_line.pop("trace_id")
            self.assertEqual(fast_line, orm_line)

    def test_orm_only_builds_the_whole_trace(self):
        trace = self._trace(self.flour_bad, "both", 6)
        trace.action_refresh()
        fast = trace.line_ids.mapped("name")
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, "True")
        self.assertIsNone(trace._get_screen_page())
        trace.action_refresh()
        self.assertEqual(trace.line_ids.mapped("name"), fast)
