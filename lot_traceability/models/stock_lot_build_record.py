# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models


class LotBuildRecord(models.AbstractModel):
    """One level of the build record, read from the genealogy engine: the move lines a done
    manufacturing order consumed for each finished move line it produced (Odoo's own
    ``consume_line_ids``, as the engine's link table holds them)."""

    _name = "stock.lot.build.record"
    _description = "Build record of lots and serials"

    @api.model
    def _get_component_lines(self, lots):
        """Return ``{lot_id: stock.move.line}``: the done component move lines (with a lot)
        consumed by the manufacturing orders that produced each lot of ``lots``."""
        return self._get_manufacturing_links(lots, "upstream", "production_id")

    @api.model
    def _get_used_in_lines(self, lots):
        """Return ``{lot_id: stock.move.line}``: the done finished move lines (with the
        finished lot) of the manufacturing orders that consumed each lot of ``lots``."""
        return self._get_manufacturing_links(lots, "downstream", "raw_material_production_id")

    @api.model
    def _get_manufacturing_links(self, lots, direction, production_field):
        """{lot id: the lines at the far end of the lots' links one level ``direction``},
        keeping the links whose line of the lot belongs to a manufacturing order
        (``production_field`` of its move); only lines the user may read."""
        pairs = self.env["stock.lot.genealogy"]._get_link_line_pairs(lots, direction)
        lines = self.env["stock.move.line"].search(
            [("id", "in", list({line_id for pair in pairs for line_id in pair[1:]}))]
        )
        readable = {line.id: line for line in lines}
        result = defaultdict(lambda: self.env["stock.move.line"])
        for lot_id, near_id, far_id in pairs:
            near, far = readable.get(near_id), readable.get(far_id)
            if near and far and near.move_id[production_field]:
                result[lot_id] |= far
        return result

    @api.model
    def _get_consumed_serials(self, lots):
        """Return ``{lot_id: mrp.production}`` for the serials of ``lots`` that a done
        manufacturing order consumed and no unbuild order gave back."""
        move_lines = self.env["stock.move.line"]
        consumed = move_lines.search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "=", "done"),
                ("move_id.raw_material_production_id", "!=", False),
                ("location_dest_id.usage", "=", "production"),
            ],
            order="date desc, id desc",
        )
        if not consumed:
            return {}
        given_back = move_lines._read_group(
            [
                ("lot_id", "in", consumed.lot_id.ids),
                ("state", "=", "done"),
                ("move_id.unbuild_id", "!=", False),
                ("location_id.usage", "=", "production"),
            ],
            ["lot_id"],
            ["quantity_product_uom:sum"],
        )
        given_back = {lot.id: qty for lot, qty in given_back}
        result = {}
        for lot in consumed.lot_id:
            lines = consumed.filtered(lambda line, lot=lot: line.lot_id == lot)
            if sum(lines.mapped("quantity_product_uom")) - given_back.get(lot.id, 0.0) > 0:
                result[lot.id] = lines[:1].move_id.raw_material_production_id
        return result
