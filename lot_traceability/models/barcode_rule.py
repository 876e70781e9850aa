# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[
            ("production_date", "Production Date"),
            ("sell_by_date", "Sell-by Date"),
            ("consumer_variant", "Consumer Product Variant"),
        ],
        ondelete={
            "production_date": "set default",
            "sell_by_date": "set default",
            "consumer_variant": "set default",
        },
    )
