# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools.xlsx_writer import XlsxWriter


class RecallXlsx(models.AbstractModel):
    """The XLSX export of a recall: sheets Summary, Lots, Customers, On Hand, Unaccounted,
    Suppliers.

    Written by ``tools/xlsx_writer.py``: names and reasons stay text (never a formula),
    quantities are numbers, dates are dates, every table has a frozen header row and a
    filter."""

    _name = "report.lot_traceability.recall_xlsx"
    _description = "Recall XLSX Export"

    @api.model
    def _generate_xlsx(self, recall):
        """Return the bytes of the XLSX workbook of ``recall``."""
        sections = (
            self.env["report.lot_traceability.report_recall"]
            .with_context(lot_traceability_raw_values=True)
            ._get_recall_sections(recall)
        )
        writer = XlsxWriter(self.env)
        _ = self.env._
        sheet = writer.add_sheet(_("Summary"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 60)
        for row, (label, value) in enumerate(sections["summary"]):
            writer.write_cell(sheet, row, 0, label, "bold")
            writer.write_cell(sheet, row, 1, value)

        def unaccounted_format(_row, value):
            return "alert" if value else None

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
            (_("Inventory Losses"), "qty_inventory_loss"),
            (_("Unaccounted"), "qty_unaccounted", {"format": unaccounted_format}),
            (_("Unit"), "uom"),
        ]
        writer.write_table(_("Lots"), lot_columns, sections["lots"])

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
        writer.write_table(_("Customers"), customer_columns, customer_rows)

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
        writer.write_table(_("On Hand"), onhand_columns, onhand_rows)
        writer.write_table(_("Unaccounted"), lot_columns, sections["unaccounted"])
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
        writer.write_table(_("Suppliers"), supplier_columns, supplier_rows)
        return writer.close()
