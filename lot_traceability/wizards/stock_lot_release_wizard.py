# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockLotReleaseWizard(models.TransientModel):
    """Inspect & Release: record the release inspection of a lot received in quarantine
    (result, notes, the supplier's certificate of analysis). Pass makes the lot available,
    fail blocks it (then *Return to Supplier*). Traceability managers only."""

    _name = "stock.lot.release.wizard"
    _description = "Inspect & Release a Lot"
    _check_company_auto = True

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", required=True)
    product_id = fields.Many2one(related="lot_id.product_id")
    supplier_id = fields.Many2one(related="lot_id.supplier_id")
    supplier_lot_name = fields.Char(related="lot_id.supplier_lot_name")
    awaiting_release_since = fields.Datetime(related="lot_id.awaiting_release_since")
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], required=True)
    notes = fields.Text()
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Certificate of Analysis",
        help="The supplier's certificate of analysis (and any other inspection document).",
    )

    def _prepare_inspection_values(self):
        self.ensure_one()
        return {"result": self.result, "notes": self.notes, "attachments": self.attachment_ids}

    def action_confirm(self):
        self.ensure_one()
        inspection = self.lot_id._record_inspection(**self._prepare_inspection_values())
        if inspection.result == "fail":
            # what comes next: the return to the supplier, one click away
            return {
                "type": "ir.actions.act_window",
                "res_model": "stock.lot.inspection",
                "res_id": inspection.id,
                "views": [(False, "form")],
            }
        return {"type": "ir.actions.act_window_close"}
