# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models


class StockLotConsolidated(models.Model):
    _inherit = "stock.lot.consolidated"

    lot_value = fields.Monetary(
        compute="_compute_lot_value",
        help="Stock on hand valued at each lot's own unit cost (see the lot form). Empty "
        "when Odoo's stock valuation is not installed.",
    )
    lot_cost_available = fields.Boolean(compute="_compute_lot_value")

    @api.depends_context("company")
    def _compute_lot_value(self):
        has_valuation = self.env["stock.lot"]._lot_traceability_has_valuation()
        self.lot_value = 0.0
        self.lot_cost_available = has_valuation
        if not has_valuation or not self:
            return
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("location_id.usage", "=", "internal"),
                    ("lot_id", "!=", False),
                    ("quantity", "!=", 0),
                ]
            )
        )
        costs = quants.lot_id._get_lot_unit_costs()
        values = defaultdict(float)
        for quant in quants:
            key = (quant.product_id.id, quant.company_id.id)
            values[key] += quant.quantity * costs.get(quant.lot_id.id, 0.0)
        for line in self:
            line.lot_value = values[(line.product_id.id, line.company_id.id)]
