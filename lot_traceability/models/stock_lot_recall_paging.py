# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: tabs that page (issue #18, item 4).

A hub's recall has tens of thousands of affected lots and up to 250,000 deliveries. Odoo's
form reads an embedded one2many by sending every id of the relation to the browser (and the
first 40 rows): for a hub that is megabytes before the first screen. Above
:data:`LIST_LIMIT_PARAM` rows (default :data:`LIST_LIMIT_DEFAULT`), a tab of the recall form
shows its count and a button opening the lines in a plain list (paged by the server, with
search, group by and export), and :meth:`StockLotRecall.web_read` does not read that
relation at all. Smaller recalls keep their embedded lists. The same limit makes the PDF
summarize a hub (``reports/report_recall.py``)."""

from odoo import api, fields, models

#: System parameter: the number of rows above which a recall's tab (and the PDF) stops listing
#: lines one by one. 0 or less: always list them.
LIST_LIMIT_PARAM = "lot_traceability.recall_list_limit"
LIST_LIMIT_DEFAULT = 2000

#: The recall's line relations that page: ``{one2many: (count field, paged flag)}``.
PAGED_LINES = {
    "affected_lot_ids": ("affected_lot_count", "affected_lot_paged"),
    "customer_ids": ("customer_count", "customer_paged"),
    "delivery_ids": ("delivery_count", "delivery_paged"),
    "onhand_ids": ("onhand_count", "onhand_paged"),
    "shipment_ids": ("shipment_count", "shipment_paged"),
}


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    affected_lot_paged = fields.Boolean(compute="_compute_paged")
    customer_paged = fields.Boolean(compute="_compute_paged")
    delivery_paged = fields.Boolean(compute="_compute_paged")
    onhand_paged = fields.Boolean(compute="_compute_paged")
    shipment_paged = fields.Boolean(compute="_compute_paged")

    @api.depends(*(count for count, _flag in PAGED_LINES.values()))
    def _compute_paged(self):
        limit = self._get_list_limit()
        for recall in self:
            for count, flag in PAGED_LINES.values():
                recall[flag] = bool(limit) and recall[count] > limit

    @api.model
    def _get_list_limit(self):
        """The number of lines above which a tab shows its count and a button instead of its
        lines (:data:`LIST_LIMIT_PARAM`); 0: never."""
        value = self.env["ir.config_parameter"].sudo().get_param(LIST_LIMIT_PARAM)
        try:
            limit = int(value) if value not in (None, False, "") else LIST_LIMIT_DEFAULT
        except ValueError:
            limit = LIST_LIMIT_DEFAULT
        return max(limit, 0)

    def web_read(self, specification):
        """Read the form as Odoo does, except the line relations above the list limit: those
        are returned empty (their tab shows the count and opens the paged list), so that no
        request of the form reads a hub's 250,000 delivery ids."""
        paged = {
            name: self.filtered(PAGED_LINES[name][1])
            for name in specification
            if name in PAGED_LINES and self.filtered(PAGED_LINES[name][1])
        }
        if not paged:
            return super().web_read(specification)
        values_list = super().web_read(
            {name: spec for name, spec in specification.items() if name not in paged}
        )
        for name, large in paged.items():
            small = self - large
            lines = {}
            if small:
                lines = {
                    values["id"]: values[name]
                    for values in super(StockLotRecall, small).web_read({name: specification[name]})
                }
            for values in values_list:
                values[name] = lines.get(values["id"], [])
        return values_list
