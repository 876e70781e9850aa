# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockTraceabilityReport(models.TransientModel):
    """Odoo's own traceability report follows splits and merges like manufacturing orders."""

    _inherit = "stock.traceability.report"

    @api.model
    def _get_reference(self, move_line):
        res_model, res_id, ref = super()._get_reference(move_line)
        if self._is_lot_transformation_line(move_line):
            transformation = self.env["stock.lot.transformation"].search(
                [("move_ids", "in", move_line.move_id.ids)], limit=1
            )
            if transformation:
                return transformation._name, transformation.id, transformation.name
        return res_model, res_id, ref

    @api.model
    def _get_linked_move_lines(self, move_line):
        move_lines, is_used = super()._get_linked_move_lines(move_line)
        location = self.env["stock.lot.transformation"]._get_transformation_location()
        if not move_lines and move_line.location_id == location:
            move_lines = move_line.consume_line_ids
        if not is_used and move_line.location_dest_id == location:
            is_used = move_line.produce_line_ids
        return move_lines, is_used

    @api.model
    def _is_lot_transformation_line(self, move_line):
        location = self.env["stock.lot.transformation"]._get_transformation_location()
        return location in (move_line.location_id | move_line.location_dest_id)
