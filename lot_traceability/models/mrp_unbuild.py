# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    # The genealogy engine caches whether a done unbuild order of a lot exists
    # (``_read_walk_context``): it walks unbuild links only then.

    @api.model_create_multi
    def create(self, vals_list):
        unbuilds = super().create(vals_list)
        if any(vals.get("state") == "done" for vals in vals_list):
            self.env["stock.lot.genealogy"]._clear_walk_context()
        return unbuilds

    def write(self, vals):
        result = super().write(vals)
        if {"state", "lot_id"} & vals.keys():
            self.env["stock.lot.genealogy"]._clear_walk_context()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["stock.lot.genealogy"]._clear_walk_context()
        return result
