# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # composition lists and build
    trace_build_expired_policy = fields.Selection(
        related="company_id.trace_build_expired_policy", readonly=False
    )

    # labels
    lot_traceability_gs1_resolver = fields.Char(
        string="GS1 Digital Link Resolver",
        config_parameter="lot_traceability.gs1_resolver",
        default="https://id.gs1.org",
        help="Web address the QR codes of traceability labels point to "
        "(https://<resolver>/01/<GTIN>/10/<lot>). GS1's own resolver is https://id.gs1.org; "
        "use your brand's domain to show your own page for each lot.",
    )

    # release on receipt and expiry
    trace_expiry_hold_date = fields.Selection(
        related="company_id.trace_expiry_hold_date", readonly=False
    )
