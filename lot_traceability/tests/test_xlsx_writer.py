# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The module's XLSX writer (``tools/xlsx_writer.py``) writes a streamed sheet's cells as
xlsxwriter does, faster (issue #18, item 2: a hub recall's 3 million cells)."""

import datetime
import io
import zipfile

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from odoo.tests import TransactionCase, tagged

from ..tools.xlsx_writer import StreamedWorksheet, XlsxWriter

# what the module's tables hold, and what xlsxwriter escapes: control characters, its own
# escapes (_x0041_), XML characters, leading and trailing spaces, a rich-string look-alike
STRINGS = [
    "plain",
    "A & B <c> \"d\" 'e'",
    " leading",
    "trailing ",
    "tab\there",
    "bell\x07 and \x1f",
    "_x0041_ stays text",
    "\ufffe\uffff",
    "<r>not rich</r>",
    '=HYPERLINK("http://example.com")',
    "line\nbreak",
    "naïve café 東京",
]
NUMBERS = [0, 1, -1, 0.1, 1e-20, 123456789.123456789, -0.0, 2**53 + 1]


def sheet_xml(content, index=1):
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return workbook.read(f"xl/worksheets/sheet{index}.xml")


@tagged("post_install", "-at_install")
class TestXlsxWriter(TransactionCase):
    def _workbook(self, worksheet_class):
        """A streamed workbook of every kind of cell, written by ``worksheet_class``."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        bold = workbook.add_format({"bold": True})
        red = workbook.add_format({"font_color": "#C00000"})
        sheet = workbook.add_worksheet("Cells", worksheet_class=worksheet_class)
        sheet.set_column(3, 3, 20, red)  # a column format
        sheet.set_row(2, None, bold)  # a row format
        sheet.set_row(3, None, None, {"level": 2})
        for row, string in enumerate(STRINGS):
            sheet.write_string(row, 0, string)
            sheet.write_string(row, 1, string, bold)
            sheet.write_number(row, 2, NUMBERS[row % len(NUMBERS)])
            sheet.write_number(row, 3, NUMBERS[-row % len(NUMBERS)])
            sheet.write_number(row, 4, row, bold)
            sheet.write_datetime(row, 5, datetime.datetime(2026, 12, 7, row, 30))
            sheet.write_formula(row, 6, "=1+1")  # not the module's: xlsxwriter's own writer
            sheet.write_blank(row, 7, None, bold)
            sheet.write_boolean(row, 8, bool(row % 2))
        workbook.close()
        return output.getvalue()

    def test_streamed_sheet_xml_is_xlsxwriters(self):
        self.assertEqual(
            sheet_xml(self._workbook(StreamedWorksheet)), sheet_xml(self._workbook(Worksheet))
        )

    def test_table_cells_as_write_cell_writes_them(self):
        """``write_table``'s shortcut for text and numbers writes what ``write_cell`` does."""
        rows = [
            {"text": value, "number": number, "when": when, "flag": flag}
            for value, number, when, flag in zip(
                [*STRINGS, "", False, None, 3, 2.5],
                [*NUMBERS, float("nan"), float("inf"), True, "7", None, 0.25, 5],
                [
                    datetime.datetime(2026, 1, 1, 12),
                    datetime.date(2026, 1, 2),
                    False,
                    *[None] * 20,
                ],
                [True, False, None, "x", 1, *[0] * 20],
                strict=False,
            )
        ]
        columns = [
            ("Text", "text"),
            ("Number", "number"),
            ("When", "when"),
            ("Flag", "flag", {"format": lambda row, value: "alert" if value else None}),
        ]
        for constant_memory in (True, False):
            with self.subTest(constant_memory=constant_memory):
                table = XlsxWriter(self.env, constant_memory=constant_memory)
                table.write_table("Table", columns, rows)
                cells = XlsxWriter(self.env, constant_memory=constant_memory)
                sheet = cells.write_table("Table", columns, [])
                for index, row in enumerate(rows, start=1):
                    for col, column in enumerate(columns):
                        value = row.get(column[1])
                        fmt = column[2]["format"](row, value) if len(column) > 2 else None
                        cells.write_cell(sheet, index, col, value, fmt)
                sheet.autofilter(0, 0, len(rows), len(columns) - 1)
                self.assertEqual(sheet_xml(table.close()), sheet_xml(cells.close()))
