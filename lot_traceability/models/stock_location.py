# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockLocation(models.Model):
    # the genealogy engine caches the location ids of each type
    _name = "stock.location"
    _inherit = ["stock.location", "stock.lot.genealogy.cache.mixin"]
    _genealogy_cache_fields = ("usage",)
