# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import AccessError


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
    lot_traceability_label_dpi = fields.Selection(
        [("203", "203 dpi"), ("300", "300 dpi"), ("600", "600 dpi")],
        string="Label Printer Resolution",
        config_parameter="lot_traceability.label_dpi",
        default="203",
        help="Dots per inch of the printer of PDF labels: each module of their DataMatrix is "
        "a whole number of its dots, and at least GS1's minimum (0.254 mm).",
    )

    # release on receipt and expiry
    trace_expiry_hold_date = fields.Selection(
        related="company_id.trace_expiry_hold_date", readonly=False
    )

    def action_lot_traceability_use_own_resolver(self):
        """Point the labels' QR codes at this server's own GS1 Digital Link resolver (its
        web.base.url answers /01/<GTIN>/10/<lot>): a scan then shows the lot's public page and
        its recall notice. Labels printed before keep the resolver they were printed with."""
        if not self.env.is_admin():
            raise AccessError(self.env._("Only administrators can change the labels' resolver."))
        self.env["ir.config_parameter"].sudo().set_param(
            "lot_traceability.gs1_resolver", self.get_base_url()
        )
        return {"type": "ir.actions.client", "tag": "reload"}
