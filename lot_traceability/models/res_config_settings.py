# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # composition lists and build
    trace_build_expired_policy = fields.Selection(
        related="company_id.trace_build_expired_policy", readonly=False
    )
