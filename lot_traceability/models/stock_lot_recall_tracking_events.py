# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import UserError


class StockLotRecall(models.Model):
    """A recall's FSMA 204 spreadsheet and EPCIS document: the tracking events of the whole
    chain of its suspect lots (where they came from, what was made of them, who received it)."""

    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def _get_tracking_event_condition(self):
        self.ensure_one()
        self.check_access("read")
        if not self.suspect_lot_ids:
            raise UserError(
                self.env._("Recall %(recall)s has no suspect lots yet.", recall=self.display_name)
            )
        return self.env["stock.lot.fsma.export"]._lots_condition(self.suspect_lot_ids)

    def action_export_fsma_xlsx(self):
        return self.env["stock.lot.fsma.export"]._action_download(
            self._get_tracking_event_condition(), f"fsma204-{self.name}", self
        )

    def action_export_fsma_csv(self):
        return self.env["stock.lot.fsma.export"]._action_download(
            self._get_tracking_event_condition(), f"fsma204-{self.name}", self, "csv"
        )

    def action_export_epcis(self):
        return self.env["stock.lot.epcis.export"]._action_download(
            self._get_tracking_event_condition(), f"epcis-{self.name}", self
        )
