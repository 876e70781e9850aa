# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"

    cost_currency_id = fields.Many2one(related="company_id.currency_id", string="Cost Currency")
    value_on_hand = fields.Monetary(
        compute="_compute_affected_values",
        currency_field="cost_currency_id",
        help="Affected quantities on hand at the lots' unit cost.",
    )
    value_delivered = fields.Monetary(
        compute="_compute_affected_values",
        currency_field="cost_currency_id",
        help="Affected quantities delivered (net of returns) at the lots' unit cost.",
    )
    value_held = fields.Monetary(
        compute="_compute_affected_values",
        currency_field="cost_currency_id",
        help="Affected on-hand quantities held by this recall at the lots' unit cost.",
    )
    lot_cost_note = fields.Char(string="Lot Cost", compute="_compute_affected_values")

    @api.depends(
        "affected_lot_ids.qty_on_hand",
        "affected_lot_ids.qty_delivered",
        "onhand_ids.quantity",
        "onhand_ids.held",
    )
    @api.depends_context("company")
    def _compute_affected_values(self):
        if not self.env["stock.lot"]._lot_traceability_has_valuation():
            # no line read: a hub recall's form would read its 56,000 affected lots for nothing
            self.value_on_hand = self.value_delivered = self.value_held = 0.0
            self.lot_cost_note = self.env._(
                "Stock valuation is not installed: the recall shows no values."
            )
            return
        lots = self.affected_lot_ids.lot_id | self.onhand_ids.lot_id
        costs = lots.with_company(self.env.company)._get_lot_unit_costs()
        for recall in self:
            recall.lot_cost_note = False
            recall.value_on_hand = sum(
                line.qty_on_hand * costs.get(line.lot_id.id, 0.0)
                for line in recall.affected_lot_ids
            )
            recall.value_delivered = sum(
                line.qty_delivered * costs.get(line.lot_id.id, 0.0)
                for line in recall.affected_lot_ids
            )
            recall.value_held = sum(
                onhand.quantity * costs.get(onhand.lot_id.id, 0.0)
                for onhand in recall.onhand_ids
                if onhand.held
            )
