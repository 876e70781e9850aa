# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
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

    @api.constrains("quantity")
    def _check_trace_status_quantity(self):
        """The quantity of a quant of a lot on hold written (or created) directly, by RPC
        outside Odoo's own sudo updates, changes stock with no move: refused. Inventory
        adjustments (``inventory_quantity``, applied through done moves) stay the way. A
        constraint, not a ``create`` override: the bulk receipt's one-INSERT quants
        (:mod:`.sql_create`) stay possible."""
        if not self.env.su:
            self.lot_id._check_trace_status_available(self._get_trace_status_direct_write())

    def _get_trace_status_direct_write(self):
        return self.env._("changed by writing its stock directly: count it in an inventory")

    def _check_trace_status_quant_write(self, vals):
        """Moving a quant to another lot directly (RPC, no move) is refused when the lot it
        leaves or the lot it gets is on hold."""
        if self.env.su or "lot_id" not in vals:
            return
        lots = self.lot_id | self.env["stock.lot"].browse(vals["lot_id"] or [])
        lots._check_trace_status_available(self._get_trace_status_direct_write())

    def write(self, vals):
        self._check_trace_status_quant_write(vals)
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            buffer.forget_untracked()
        return super().write(vals)
