# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models


class LotBuildRecord(models.AbstractModel):
    """One level of the build record, read from Odoo's own manufacturing traceability:
    the move lines a done manufacturing order consumed (``consume_line_ids``) for each
    finished move line it produced."""

    _name = "stock.lot.build.record"
    _description = "Build record of lots and serials"

    @api.model
    def _get_component_lines(self, lots):
        """Return ``{lot_id: stock.move.line}``: the done component move lines consumed by
        the manufacturing orders that produced each lot of ``lots``."""
        produced = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "=", "done"),
                ("move_id.production_id", "!=", False),
            ]
        )
        result = defaultdict(lambda: self.env["stock.move.line"])
        for line in produced:
            result[line.lot_id.id] |= line.consume_line_ids.filtered(
                lambda consumed: consumed.state == "done"
            )
        return result

    @api.model
    def _get_used_in_lines(self, lots):
        """Return ``{lot_id: stock.move.line}``: the done finished move lines (with the
        finished lot) of the manufacturing orders that consumed each lot of ``lots``."""
        consumed = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "=", "done"),
                ("move_id.raw_material_production_id", "!=", False),
            ]
        )
        result = defaultdict(lambda: self.env["stock.move.line"])
        for line in consumed:
            result[line.lot_id.id] |= line.produce_line_ids.filtered(
                lambda produced: produced.state == "done"
            )
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
