# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ReportLotLabel57x32(models.AbstractModel):
    """Traceability label of lots and serials, label-printer size (57 x 32 mm)."""

    _name = "report.lot_traceability.report_lot_label_57x32"
    _description = "Traceability Label (57 x 32 mm)"

    @api.model
    def _get_label_values(self, lot):
        return self.env["stock.lot.label"]._get_label_values(lot)

    @api.model
    def _get_report_values(self, docids, data=None):
        """``data["copies"]`` (the print wizard's): labels of each lot, one after the other."""
        docs = self.env["stock.lot"].browse(docids or (data or {}).get("lot_ids") or [])
        copies = self.env["stock.lot.label"]._get_copies(data)
        return {
            "doc_ids": docs.ids,
            "doc_model": "stock.lot",
            "docs": docs,
            "copies": copies,
            "labels": [
                values
                for values in (self._get_label_values(lot) for lot in docs)
                for _copy in range(self._get_repeat(copies))
            ],
        }

    @api.model
    def _get_repeat(self, copies):
        """How many times each label is laid out (the ZPL label asks the printer instead)."""
        return copies


class ReportLotLabelA4(models.AbstractModel):
    """Traceability labels of lots and serials on A4 sheets (3 x 7 labels of 70 x 42 mm),
    filled cell by cell: the copies of a lot's label follow each other."""

    _name = "report.lot_traceability.report_lot_label_a4"
    _inherit = "report.lot_traceability.report_lot_label_57x32"
    _description = "Traceability Labels (A4 sheet)"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        per_page = 21
        labels = values["labels"]
        values["pages"] = [labels[i : i + per_page] for i in range(0, len(labels), per_page)]
        return values


class ReportLotLabelZpl(models.AbstractModel):
    """Traceability labels of lots and serials for Zebra printers (ZPL II, 57 x 32 mm, 203 dpi)."""

    _name = "report.lot_traceability.report_lot_label_zpl"
    _inherit = "report.lot_traceability.report_lot_label_57x32"
    _description = "Traceability Label (ZPL)"

    @api.model
    def _get_repeat(self, copies):
        return 1  # ^PQ: the printer prints the copies

    @api.model
    def _get_label_values(self, lot):
        return self.env["stock.lot.label"]._get_zpl_values(lot)
