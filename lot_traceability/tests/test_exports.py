# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import datetime
import io

from odoo.tests import tagged

from ..tools.xlsx_writer import valid_sheet_name
from .common_recall import RecallCommon

try:
    import openpyxl
except ImportError:  # pragma: no cover - in the module's test requirements
    openpyxl = None

FORMULA = '=HYPERLINK("http://evil.example.com","Click")'


def read_workbook(content):
    """The workbook of ``content`` read back by openpyxl (what a spreadsheet would show)."""
    return openpyxl.load_workbook(io.BytesIO(content))


def header(sheet):
    return [cell.value for cell in sheet[1]]


def column(sheet, title):
    """The cells (below the header) of the column headed ``title``."""
    index = header(sheet).index(title)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


@tagged("post_install", "-at_install")
class TestExports(RecallCommon):
    """Every XLSX export writes text as text (a formula-looking name stays text), numbers as
    numbers, dates as dates, with a frozen header row, filters and valid sheet names."""

    def setUp(self):
        super().setUp()
        if openpyxl is None:
            self.skipTest("openpyxl is needed to read the exports back")

    def _assert_table(self, sheet):
        self.assertEqual(sheet.freeze_panes, "A2", f"{sheet.title}: header row frozen")
        self.assertTrue(sheet.auto_filter.ref, f"{sheet.title}: filters on the header")
        self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))

    def _assert_no_formula(self, workbook):
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(
                        cell.data_type, "f", f"{sheet.title}!{cell.coordinate} is a formula"
                    )

    def test_recall_xlsx_types_text_numbers_dates(self):
        self.flour_bad.name = FORMULA
        self.bistro.name = "=1+2"
        recall = self._open_recall(reason="@SUM(1,2) -2+3")
        customer = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
        customer.action_mark_notified()
        action = recall.with_user(self.trace_user).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        workbook = read_workbook(base64.b64decode(attachment.datas))
        self._assert_no_formula(workbook)
        self.assertEqual(
            workbook.sheetnames,
            ["Summary", "Lots", "Customers", "On Hand", "Unaccounted", "Suppliers"],
        )
        summary = {row[0].value: row[1] for row in workbook["Summary"].iter_rows()}
        self.assertEqual(summary["Reason"].value, "@SUM(1,2) -2+3")
        self.assertEqual(summary["Reason"].data_type, "s")
        self.assertIsInstance(summary["Opened On"].value, datetime.datetime)
        self.assertEqual(summary["Affected Lots"].data_type, "n")
        self.assertEqual(summary["Suspect Quantity Accounted For (%)"].data_type, "n")

        lots = workbook["Lots"]
        self._assert_table(lots)
        names = column(lots, "Lot/Serial Number")
        self.assertIn(FORMULA, [cell.value for cell in names])
        self.assertTrue(all(cell.data_type == "s" for cell in names))
        self.assertTrue(all(cell.data_type == "n" for cell in column(lots, "Depth")))
        self.assertTrue(all(cell.data_type == "n" for cell in column(lots, "On Hand")))
        self.assertIn(FORMULA, [cell.value for cell in column(lots, "From Suspect Lot")])

        customers = workbook["Customers"]
        self._assert_table(customers)
        self.assertIn("=1+2", [cell.value for cell in column(customers, "Customer")])
        self.assertTrue(
            all(isinstance(cell.value, datetime.datetime) for cell in column(customers, "Date"))
        )
        self.assertTrue(all(cell.data_type == "n" for cell in column(customers, "Quantity")))
        notified = [
            cell.value
            for cell in column(customers, "Notified On")
            if cell.value  # the Grocer's rows are blank: not notified
        ]
        self.assertTrue(notified)
        self.assertTrue(all(isinstance(value, datetime.datetime) for value in notified))
        self._assert_table(workbook["On Hand"])

    def test_trace_xlsx_types_words_and_sheet_name(self):
        self.batch.name = "'COOKIES-1'"
        self.bistro.name = FORMULA
        trace = (
            self.env["stock.lot.trace"].with_user(self.trace_user).create({"lot_id": self.batch.id})
        )
        workbook = read_workbook(trace._get_xlsx_content())
        self._assert_no_formula(workbook)
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet.title, "COOKIES-1")
        self._assert_table(sheet)
        self.assertEqual(
            header(sheet),
            [
                "Direction",
                "Level",
                "Lot / Event",
                "Product",
                "Quantity",
                "Unit",
                "On Hand",
                "Date",
                "Link",
                "Document",
                "Customer",
                "Delivery Address",
            ],
        )
        levels = column(sheet, "Level")
        self.assertTrue(all(cell.data_type == "n" for cell in levels))
        self.assertEqual(levels[0].value, 0)
        self.assertEqual(max(cell.value for cell in levels), 2, "batch -> tray -> delivery")
        self.assertTrue(
            all(isinstance(cell.value, datetime.datetime) for cell in column(sheet, "Date"))
        )
        self.assertTrue(all(cell.data_type == "n" for cell in column(sheet, "Quantity")))
        customers = {cell.value for cell in column(sheet, "Customer")}
        self.assertIn(FORMULA, customers)
        self.assertTrue(all(cell.data_type == "s" for cell in column(sheet, "Lot / Event")))

    def test_sheet_names_always_valid_and_unique(self):
        self.assertEqual(valid_sheet_name("'quoted'"), "quoted")
        self.assertEqual(valid_sheet_name("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g")
        self.assertEqual(valid_sheet_name("''"), "Sheet")
        self.assertEqual(valid_sheet_name("History"), "History_")
        long_name = "L" * 30 + "'" + "X" * 10
        self.assertEqual(valid_sheet_name(long_name), "L" * 30)
        self.assertEqual(valid_sheet_name("Lots", ["lots"]), "Lots (2)")
        self.assertEqual(valid_sheet_name("A" * 40, ["A" * 31]), "A" * 27 + " (2)")
        self.assertLessEqual(len(valid_sheet_name("A" * 40, ["A" * 31])), 31)
