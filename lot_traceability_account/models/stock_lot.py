# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _lot_traceability_has_valuation(self):
        return True

    def _get_lot_own_unit_costs(self):
        """A lot of a product valued by lot costs what its incoming valuation layers are worth
        per unit (what it was received or made at, whatever was consumed since); a lot with no
        such layer, or of a product valued as a whole, costs its product's cost."""
        costs = {}
        company = self.env.company
        valuated = self.filtered(lambda lot: lot.product_id.lot_valuated)
        if valuated:
            groups = (
                self.env["stock.valuation.layer"]
                .sudo()
                ._read_group(
                    [
                        *self.env["stock.valuation.layer"]._check_company_domain(company),
                        ("lot_id", "in", valuated.ids),
                        ("quantity", ">", 0),
                    ],
                    groupby=["lot_id"],
                    aggregates=["value:sum", "quantity:sum"],
                )
            )
            costs = {lot.id: value / quantity for lot, value, quantity in groups if quantity}
        for lot in self:
            if lot.id not in costs:
                costs[lot.id] = self._get_product_unit_cost(lot.product_id)
        return costs

    def _get_product_unit_cost(self, product):
        return product.with_company(self.env.company).standard_price
