# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    # The genealogy engine caches the location ids of each type (``_read_walk_context``).

    @api.model_create_multi
    def create(self, vals_list):
        locations = super().create(vals_list)
        self.env["stock.lot.genealogy"]._clear_walk_context()
        return locations

    def write(self, vals):
        result = super().write(vals)
        if "usage" in vals:
            self.env["stock.lot.genealogy"]._clear_walk_context()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["stock.lot.genealogy"]._clear_walk_context()
        return result
