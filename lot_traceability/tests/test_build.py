# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common_build import BuildCommon


@tagged("post_install", "-at_install")
class TestBuildStories(BuildCommon):
    def test_engine_assembly(self):
        build = self._new_build(self.assembly)
        self.assertEqual(build.bom_id, self.bom_assembly)
        self.assertEqual(
            build.line_ids.mapped("trace_slot"), [False, "Left engine", "Right engine"]
        )
        build.action_scan("BOLT-A")
        build.action_scan("ENG-L1")
        build.action_scan("ENG-R1")
        lot_name = build.unit_ids.lot_name
        self.assertTrue(lot_name)
        build.action_confirm()
        lot = self.env["stock.lot"].search(
            [("name", "=", lot_name), ("product_id", "=", self.assembly.id)]
        )
        self.assertEqual(len(lot), 1)
        self.assertEqual(
            lot.trace_component_line_ids.lot_id,
            self.bolt_lot | self.engine_left | self.engine_right,
        )
        self.assertEqual(self._on_hand(self.bolt_lot), 97)
        self.assertEqual(self._on_hand(self.engine_left), 0)
        self.assertEqual(self.engine_left.trace_used_in_line_ids.lot_id, lot)
