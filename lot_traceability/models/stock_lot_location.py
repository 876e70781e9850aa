# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Where the lot is in stock (the consolidated views' drill-down)."""

from collections import defaultdict

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    stock_location_ids = fields.Many2many(
        "stock.location",
        string="In Stock At",
        compute="_compute_stock_location_ids",
        help="The internal locations holding a positive quantity of the lot. Odoo's own "
        "Location is empty as soon as a quant elsewhere, even at a customer or in production, "
        "holds a positive quantity.",
    )

    @api.depends("quant_ids.quantity", "quant_ids.location_id")
    def _compute_stock_location_ids(self):
        locations = defaultdict(lambda: self.env["stock.location"])
        for quant in self.env["stock.quant"].search(
            [
                ("lot_id", "in", self._origin.ids),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ]
        ):
            locations[quant.lot_id.id] |= quant.location_id
        for lot in self:
            lot.stock_location_ids = locations[lot._origin.id]
