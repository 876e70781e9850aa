# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .res_partner import check_gln


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # supply-chain traceability
    global_location_number = fields.Char(
        string="GLN",
        size=13,
        help="GS1 Global Location Number of this site (13 digits): where its lots are "
        "received, shipped and made, in the EPCIS documents and the FSMA 204 spreadsheet. "
        "Empty: the GLN of the warehouse's address, else of the company.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """A company's first warehouse brings the company's quarantine location (recalls)."""
        warehouses = super().create(vals_list)
        warehouses.company_id._create_trace_quarantine_location()
        return warehouses

    @api.constrains("global_location_number")
    def _check_global_location_number(self):
        check_gln(self)
