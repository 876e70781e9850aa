# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockLotGenealogyCacheMixin(models.AbstractModel):
    """For the models the genealogy engine caches facts of (``_read_walk_context``): their
    records created or deleted, or ``_genealogy_cache_fields`` written, call
    ``_clear_walk_context`` (the context is now read at each walk: nothing is cleared, no
    ``registry.clear_cache()``)."""

    _name = "stock.lot.genealogy.cache.mixin"
    _description = "Clears the Genealogy's Cached Walk Context"

    _genealogy_cache_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["stock.lot.genealogy"]._clear_walk_context()
        return records

    def write(self, vals):
        result = super().write(vals)
        if set(self._genealogy_cache_fields) & vals.keys():
            self.env["stock.lot.genealogy"]._clear_walk_context()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["stock.lot.genealogy"]._clear_walk_context()
        return result
