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
        sheet = writer.add_sheet(self.env._("Summary"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 60)
        for row, (label, value) in enumerate(sections["summary"]):
            writer.write_cell(sheet, row, 0, label, "bold")
            writer.write_cell(sheet, row, 1, value)

        def unaccounted_format(_row, value):
            return "alert" if value else None

        lot_columns = [
            (self.env._("Depth"), "depth"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("From Suspect Lot"), "suspect_lot"),
            (self.env._("Status"), "status"),
            (self.env._("Received / Produced"), "qty_in"),
            (self.env._("Consumed"), "qty_consumed"),
            (self.env._("Delivered"), "qty_delivered"),
            (self.env._("Returned to Suppliers"), "qty_returned"),
            (self.env._("On Hand"), "qty_on_hand"),
            (self.env._("Scrapped"), "qty_scrapped"),
            (self.env._("Inventory Losses"), "qty_inventory_loss"),
            (self.env._("Unaccounted"), "qty_unaccounted", {"format": unaccounted_format}),
            (self.env._("Unit"), "uom"),
        ]
        writer.write_table(self.env._("Lots"), lot_columns, sections["lots"])

        customer_columns = [
            (self.env._("Customer"), "customer"),
            (self.env._("Email"), "email"),
            (self.env._("Delivery Address"), "address"),
            (self.env._("Date"), "date"),
            (self.env._("Document"), "document"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Quantity"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Notified On"), "notified"),
            (self.env._("Acknowledged On"), "acknowledged"),
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
        writer.write_table(self.env._("Customers"), customer_columns, customer_rows)

        onhand_columns = [
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Location"), "location"),
            (self.env._("Quantity"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Held"), "held"),
            (self.env._("Held On"), "held_date"),
        ]
        onhand_rows = [
            dict(row, held=self.env._("Yes") if row["held"] else self.env._("No"))
            for row in sections["on_hand"]
        ]
        writer.write_table(self.env._("On Hand"), onhand_columns, onhand_rows)
        writer.write_table(self.env._("Unaccounted"), lot_columns, sections["unaccounted"])
        supplier_columns = [
            (self.env._("Supplier"), "supplier"),
            (self.env._("Email"), "email"),
            (self.env._("Lot/Serial Number"), "lot"),
            (self.env._("Product"), "product"),
            (self.env._("Supplier Lot"), "supplier_lot"),
            (self.env._("Suspect Lot"), "suspect"),
            (self.env._("Received"), "quantity"),
            (self.env._("Unit"), "uom"),
            (self.env._("Date"), "date"),
            (self.env._("Receipt"), "document"),
            (self.env._("Notified On"), "notified"),
        ]
        supplier_rows = [
            dict(row, suspect=self.env._("Yes") if row["suspect"] else self.env._("No"))
            for row in sections["suppliers"]
        ]
        writer.write_table(self.env._("Suppliers"), supplier_columns, supplier_rows)
        return writer.close()
