# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..models.stock_lot import TRACE_STATUSES


class StockLotHold(models.TransientModel):
    """Put lots on hold (quarantine, blocked or recalled) with a reason, tracked in the chatter
    of each lot."""

    _name = "stock.lot.hold"
    _description = "Put Lots on Hold"

    lot_ids = fields.Many2many("stock.lot", string="Lots/Serial Numbers", required=True)
    trace_status = fields.Selection(
        [status for status in TRACE_STATUSES if status[0] != "available"],
        string="Status",
        required=True,
        default="quarantine",
    )
    reason = fields.Char(
        required=True, help="Shown in every refusal to deliver or consume the lots."
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "lot_ids" in fields_list and not res.get("lot_ids"):
            if self.env.context.get("active_model") == "stock.lot":
                res["lot_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return res

    def _prepare_lot_vals(self):
        self.ensure_one()
        return {"trace_status": self.trace_status, "trace_status_reason": self.reason}

    def action_confirm(self):
        self.ensure_one()
        self.lot_ids.write(self._prepare_lot_vals())
        self.lot_ids._unreserve_refused_operations()
        return {"type": "ir.actions.act_window_close"}
