# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    @api.model_create_multi
    def create(self, vals_list):
        """A company's first warehouse brings the company's quarantine location (recalls)."""
        warehouses = super().create(vals_list)
        warehouses.company_id._create_trace_quarantine_location()
        return warehouses
