# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockLot(models.Model):
    """The lot form's supply-chain exports: the tracking events of the lot's whole chain (what
    it was made of and what was made of it) as the FSMA 204 spreadsheet or an EPCIS document."""

    _inherit = "stock.lot"

    def _get_tracking_event_condition(self):
        """The events of the whole chain of self, both directions (``stock.lot.event``)."""
        self.check_access("read")
        return self.env["stock.lot.fsma.export"]._lots_condition(self)

    def action_view_tracking_events(self):
        self.ensure_one()
        chain = self.env["stock.lot.genealogy"]._get_lots(self, "upstream")
        chain |= self.env["stock.lot.genealogy"]._get_lots(self, "downstream")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tracking Events of %(lot)s", lot=self.display_name),
            "res_model": "stock.lot.event",
            "view_mode": "list,form",
            "domain": [("lot_id", "in", chain.ids)],
            "context": {"search_default_group_by_cte": 1},
        }

    def action_export_fsma_xlsx(self):
        self.ensure_one()
        return self.env["stock.lot.fsma.export"]._action_download(
            self._get_tracking_event_condition(), f"fsma204-{self.name}", self
        )

    def action_export_fsma_csv(self):
        self.ensure_one()
        return self.env["stock.lot.fsma.export"]._action_download(
            self._get_tracking_event_condition(), f"fsma204-{self.name}", self, "csv"
        )

    def action_export_epcis(self):
        self.ensure_one()
        return self.env["stock.lot.epcis.export"]._action_download(
            self._get_tracking_event_condition(), f"epcis-{self.name}", self
        )
