# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trace screen's first page (``wizards/stock_lot_trace_page.py``): the first lines and
the counts of the whole trace, without building it; the deliveries read for the lots shown
only. The bakery recall story: FLOUR-BAD, its batch, four trays, three deliveries, a
return and a shipment to stop."""

from unittest.mock import patch

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

    def test_orm_only_builds_the_whole_trace(self):
        trace = self._trace(self.flour_bad, "both", 6)
        trace.action_refresh()
        fast = trace.line_ids.mapped("name")
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, "True")
        self.assertIsNone(trace._get_screen_page())
        trace.action_refresh()
        self.assertEqual(trace.line_ids.mapped("name"), fast)
