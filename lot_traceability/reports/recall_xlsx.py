# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

import xlsxwriter

from odoo import api, models


class RecallXlsx(models.AbstractModel):
    """The XLSX export of a recall: sheets Summary, Lots, Customers, On Hand, Unaccounted,
    Suppliers."""

    _name = "report.lot_traceability.recall_xlsx"
    _description = "Recall XLSX Export"

    @api.model
    def _generate_xlsx(self, recall):
        """Return the bytes of the XLSX workbook of ``recall``."""
        sections = self.env["report.lot_traceability.report_recall"]._get_recall_sections(recall)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
            "bold": workbook.add_format({"bold": True}),
            "qty": workbook.add_format({"num_format": "#,##0.00##"}),
            "alert": workbook.add_format({"num_format": "#,##0.00##", "font_color": "#C00000"}),
        }
        _ = self.env._
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 60)
        for row, (label, value) in enumerate(sections["summary"]):
            sheet.write(row, 0, label, formats["bold"])
            sheet.write(row, 1, value if value is not False else "")

        lot_columns = [
            (_("Depth"), "depth"),
            (_("Lot/Serial Number"), "lot"),
            (_("Product"), "product"),
            (_("From Suspect Lot"), "suspect_lot"),
            (_("Status"), "status"),
            (_("Received / Produced"), "qty_in"),
            (_("Consumed"), "qty_consumed"),
            (_("Delivered"), "qty_delivered"),
            (_("Returned to Suppliers"), "qty_returned"),
            (_("On Hand"), "qty_on_hand"),
            (_("Scrapped"), "qty_scrapped"),
            (_("Unaccounted"), "qty_unaccounted"),
            (_("Unit"), "uom"),
        ]
        self._write_table(workbook, formats, _("Lots"), lot_columns, sections["lots"])

        customer_columns = [
            (_("Customer"), "customer"),
            (_("Email"), "email"),
            (_("Delivery Address"), "address"),
            (_("Date"), "date"),
            (_("Document"), "document"),
            (_("Lot/Serial Number"), "lot"),
            (_("Product"), "product"),
            (_("Quantity"), "quantity"),
            (_("Unit"), "uom"),
            (_("Notified On"), "notified"),
            (_("Acknowledged On"), "acknowledged"),
        ]
        customer_rows = [
            dict(
                delivery,
                customer=customer["customer"],
                email=customer["email"],
                notified=customer["notified"],
                acknowledged=customer["acknowledged"],
            )
            for customer in sections["customers"]
            for delivery in customer["deliveries"]
        ]
        self._write_table(workbook, formats, _("Customers"), customer_columns, customer_rows)

        onhand_columns = [
            (_("Lot/Serial Number"), "lot"),
            (_("Product"), "product"),
            (_("Location"), "location"),
            (_("Quantity"), "quantity"),
            (_("Unit"), "uom"),
            (_("Held"), "held"),
            (_("Held On"), "held_date"),
        ]
        onhand_rows = [
            dict(row, held=_("Yes") if row["held"] else _("No")) for row in sections["on_hand"]
        ]
        self._write_table(workbook, formats, _("On Hand"), onhand_columns, onhand_rows)
        self._write_table(workbook, formats, _("Unaccounted"), lot_columns, sections["unaccounted"])
        supplier_columns = [
            (_("Supplier"), "supplier"),
            (_("Email"), "email"),
            (_("Lot/Serial Number"), "lot"),
            (_("Product"), "product"),
            (_("Supplier Lot"), "supplier_lot"),
            (_("Suspect Lot"), "suspect"),
            (_("Received"), "quantity"),
            (_("Unit"), "uom"),
            (_("Date"), "date"),
            (_("Receipt"), "document"),
            (_("Notified On"), "notified"),
        ]
        supplier_rows = [
            dict(row, suspect=_("Yes") if row["suspect"] else _("No"))
            for row in sections["suppliers"]
        ]
        self._write_table(workbook, formats, _("Suppliers"), supplier_columns, supplier_rows)
        workbook.close()
        return output.getvalue()

    @api.model
    def _write_table(self, workbook, formats, title, columns, rows):
        sheet = workbook.add_worksheet(title)
        for col, (label, _key) in enumerate(columns):
            sheet.write(0, col, label, formats["header"])
            sheet.set_column(col, col, max(12, len(label) + 2))
        for row_index, row in enumerate(rows, start=1):
            for col, (_label, key) in enumerate(columns):
                value = row.get(key, "")
                if isinstance(value, float):
                    alert = key == "qty_unaccounted" and value
                    sheet.write_number(
                        row_index, col, value, formats["alert"] if alert else formats["qty"]
                    )
                else:
                    sheet.write(row_index, col, value)
        sheet.freeze_panes(1, 0)
        return sheet
