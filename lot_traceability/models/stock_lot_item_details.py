# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Item Details: the lot's one-page summary (report ``report_lot_item_details``) on its form."""

from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    item_details_html = fields.Html(
        string="Item Details", compute="_compute_item_details_html", sanitize=False
    )

    def _compute_item_details_html(self):
        report = self.env["report.lot_traceability.report_lot_item_details"]
        lots = self.filtered("id")
        (self - lots).item_details_html = False
        if not lots:
            return
        values = report._get_report_values(lots.ids, data={"show_links": True})
        for lot in lots:
            lot.item_details_html = self.env["ir.qweb"]._render(
                "lot_traceability.lot_item_details_content", dict(values, lot=lot)
            )

    def action_open_item_details(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Item Details: %(lot)s", lot=self.display_name),
            "res_model": "stock.lot",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("lot_traceability.stock_lot_view_form_item_details").id, "form")
            ],
            "target": "current",
        }
