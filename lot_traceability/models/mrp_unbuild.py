# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MrpUnbuild(models.Model):
    # the genealogy engine caches whether a done unbuild order of a lot exists: it walks
    # unbuild links only then
    _name = "mrp.unbuild"
    _inherit = ["mrp.unbuild", "stock.lot.genealogy.cache.mixin"]
    _genealogy_cache_fields = ("state", "lot_id")
