# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv import expression


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_gather_domain(
        self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False
    ):
        """Automatic reservation (non-strict gathering, no lot asked for) never picks a lot
        that is not available. A lot chosen explicitly is still found: moving it internally
        stays allowed, and delivering or consuming it is refused when the move is done.
        Context key ``lot_traceability_gather_on_hold`` lifts the restriction."""
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        if (
            not strict
            and not lot_id
            and product_id.tracking != "none"
            and not self.env.context.get("lot_traceability_gather_on_hold")
        ):
            domain = expression.AND(
                [domain, ["|", ("lot_id", "=", False), ("lot_id.trace_status", "=", "available")]]
            )
        return domain

    def write(self, vals):
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            buffer.forget_untracked()
        return super().write(vals)
