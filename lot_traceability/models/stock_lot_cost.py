# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Lot cost: a lot's own unit cost, or, for a lot made by a manufacturing order, a build, a
split or a merge, the cost of its inputs rolled up through the genealogy.

This module does not depend on Odoo's valuation (``stock_account``): the bridge module
``lot_traceability_account`` (installed automatically with ``stock_account``) overrides
``_lot_traceability_has_valuation`` and ``_get_lot_own_unit_costs``. Without it, no cost is
shown and ``lot_cost_note`` says why.
"""

from odoo import api, fields, models


class StockLotCostMixin(models.AbstractModel):
    """Inherited by ``stock.lot`` (see stock_lot.py)."""

    _name = "stock.lot.cost.mixin"
    _description = "Lot Cost"

    lot_unit_cost = fields.Float(
        compute="_compute_lot_cost",
        digits="Product Price",
        help="Cost of one unit of this lot: its own value from the stock valuation, or, for a "
        "lot made by a manufacturing order, a build, a split or a merge, the cost of its "
        "inputs rolled up through the genealogy, divided by the quantity made.",
    )
    lot_cost_available = fields.Boolean(compute="_compute_lot_cost")
    lot_cost_note = fields.Char(string="Lot Cost", compute="_compute_lot_cost")

    @api.depends_context("company")
    def _compute_lot_cost(self):
        if not self._lot_traceability_has_valuation():
            self.lot_unit_cost = 0.0
            self.lot_cost_available = False
            self.lot_cost_note = self.env._(
                "Stock valuation is not installed: no lot cost is computed."
            )
            return
        costs = self._get_lot_unit_costs()
        for lot in self:
            lot.lot_unit_cost = costs.get(lot._origin.id, 0.0)
            lot.lot_cost_available = True
            lot.lot_cost_note = False

    @api.model
    def _lot_traceability_has_valuation(self):
        """Whether lot costs can be computed (overridden by ``lot_traceability_account``)."""
        return False

    def _get_lot_own_unit_costs(self):
        """{lot id: unit cost} of the lots of self from their own valuation (overridden by
        ``lot_traceability_account``)."""
        return {}

    def _get_product_unit_cost(self, product):
        """Unit cost of an input without lot (overridden by ``lot_traceability_account``)."""
        return 0.0

    def _get_lot_unit_costs(self):
        """{lot id: unit cost} of the lots of self: a lot made from inputs (its done lines
        leaving a production location are linked to the lines consumed) costs the value of
        those inputs, each costed the same way, divided by the quantity made of its product
        by the same documents; other lots cost their own value.

        The lines that made the lots are read one level at a time for all lots of that level
        (one search per level of the genealogy, not one per lot)."""
        lots = self.sudo().filtered("id")
        output_lines = self._get_lot_output_lines(lots)
        own_costs = {}
        costs = {}

        def unit_cost(lot, visiting):
            if lot.id in costs:
                return costs[lot.id]
            cost = None
            outputs_of_lot = output_lines.get(lot.id)
            if outputs_of_lot and lot.id not in visiting:
                inputs = outputs_of_lot.consume_line_ids.filtered(lambda ml: ml.state == "done")
                outputs = inputs.produce_line_ids.filtered(
                    lambda ml: ml.state == "done" and ml.product_id == lot.product_id
                )
                made = sum(outputs.mapped("quantity_product_uom"))
                if made > 0:
                    value = 0.0
                    for line in inputs:
                        if line.lot_id:
                            line_cost = unit_cost(line.lot_id, visiting | {lot.id})
                        else:
                            line_cost = self._get_product_unit_cost(line.product_id)
                        value += line.quantity_product_uom * line_cost
                    cost = value / made
            if cost is None:
                cost = own_costs.get(lot.id, 0.0)
            costs[lot.id] = cost
            return cost

        # own costs of every lot of the walk that was not made from inputs, in one call
        reached = (
            self.env["stock.lot"]
            .sudo()
            .browse(
                {line.lot_id.id for lines in output_lines.values() for line in lines}
                | {
                    line.lot_id.id
                    for lines in output_lines.values()
                    for line in lines.consume_line_ids
                    if line.lot_id
                }
            )
        )
        own_costs.update((lots | reached)._get_lot_own_unit_costs())
        for lot in lots:
            unit_cost(lot, frozenset())
        return costs

    @api.model
    def _get_lot_output_lines(self, lots):
        """{lot id: done lines that made it} for ``lots`` and, level by level, the lots they
        were made of: one search per level."""
        MoveLine = self.env["stock.move.line"].sudo()
        found = {}
        pending = set(lots.ids)
        while pending:
            lines = MoveLine.search(
                [
                    ("lot_id", "in", list(pending)),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "production"),
                    ("consume_line_ids", "!=", False),
                ]
            )
            for lot_id in pending:
                found[lot_id] = MoveLine.browse()
            for line in lines:
                found[line.lot_id.id] |= line
            inputs = lines.consume_line_ids.filtered(lambda ml: ml.state == "done").lot_id
            pending = set(inputs.ids) - set(found)
        return found
