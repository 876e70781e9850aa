# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one way this module writes XLSX files (recall, trace, and any later export).

Why not ``worksheet.write()``: it guesses the type of a text, so a lot, customer or reason
named ``=HYPERLINK(...)`` becomes a live formula in the recipient's spreadsheet, and a name
such as ``'A`` or ``A:B`` makes ``add_worksheet()`` raise. Here:

- text is always written with ``write_string`` (never a formula, a number or a URL);
- numbers with ``write_number``, non-finite ones as text;
- dates and datetimes with ``write_datetime`` and a date format (datetimes are Odoo's naive
  UTC values, shown in the user's time zone);
- every table has a frozen, bold header row and an autofilter;
- worksheet names are always valid and unique (see :func:`valid_sheet_name`).

Usage::

    writer = XlsxWriter(env)
    writer.write_table(env._("Lots"), [(env._("Lot"), "lot"), (env._("Quantity"), "qty")], rows)
    content = writer.close()
"""

import datetime
import io
import math
import os
import re
import tempfile

import pytz
import xlsxwriter
from xlsxwriter.utility import preserve_whitespace, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet, re_control_chars_1, re_control_chars_2

SHEET_NAME_MAX = 31
SHEET_NAME_INVALID = re.compile(r"[\[\]:*?/\\]")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_FORMAT = "#,##0.00##"


def valid_sheet_name(title, used=()):
    """A worksheet name Excel accepts for ``title``: at most 31 characters, none of
    ``[]:*?/\\``, not starting or ending with an apostrophe, not empty, not ``History``
    (reserved by Excel), and unique among ``used`` (case-insensitive, as Excel compares)."""
    name = SHEET_NAME_INVALID.sub("_", str(title or "")).strip()
    name = name[:SHEET_NAME_MAX].strip("'").strip() or "Sheet"
    if name.lower() == "history":
        name += "_"
    taken = {used_name.lower() for used_name in used}
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)].rstrip("'").rstrip() + suffix
    return candidate


class StreamedWorksheet(Worksheet):
    """xlsxwriter's worksheet, its cells written out faster in ``constant_memory`` mode.

    A streamed sheet writes each row to its file as the next row begins, through
    ``_write_cell``, xlsxwriter's innermost loop: for a hub recall's 250,000 delivery rows,
    3 million calls, a third of the export. Here numbers and in-line strings, the cells of
    the module's tables, are written as xlsxwriter writes them (the same XML, byte for byte:
    the same helpers, in the same order), without the generic attribute list, escaping of
    attributes that need none and lookups by type name; any other cell is written by
    xlsxwriter itself."""

    def _write_single_row(self, current_row_num=0):
        # a row's XML gathered in memory, then written to the sheet's file at once (one
        # encoded write per row, not one per cell)
        file, self.fh = self.fh, io.StringIO()
        try:
            result = super()._write_single_row(current_row_num)
            row_xml = self.fh.getvalue()
        finally:
            self.fh = file
        if row_xml:
            file.write(row_xml)
        return result

    def _write_cell(self, row, col, cell):
        kind = type(cell).__name__
        if kind not in ("Number", "String") or (kind == "String" and not self.constant_memory):
            return super()._write_cell(row, col, cell)
        if cell.format:
            style = f' s="{cell.format._get_xf_index()}"'
        elif row in self.set_rows and self.set_rows[row][1]:
            style = f' s="{self.set_rows[row][1]._get_xf_index()}"'
        elif col in self.col_formats:
            style = f' s="{self.col_formats[col]._get_xf_index()}"'
        else:
            style = ""
        if kind == "Number":
            # "%.16G" as xlsxwriter writes numbers
            number = "%.16G" % cell.number  # noqa: UP031
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{style}><v>{number}</v></c>')
            return None
        string = cell.string
        if "_x" in string:
            string = re_control_chars_1.sub(r"_x005F\1", string)
        string = re_control_chars_2.sub(lambda match: f"_x{ord(match.group(1)):04X}_", string)
        string = string.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        if string.startswith("<r>") and string.endswith("</r>"):
            return super()._write_cell(row, col, cell)  # a rich string: xlsxwriter's own
        preserve = ' xml:space="preserve"' if preserve_whitespace(string) else ""
        if "&" in string or "<" in string or ">" in string:
            string = string.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.fh.write(
            f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{style} t="inlineStr">'
            f"<is><t{preserve}>{string}</t></is></c>"
        )
        return None


class XlsxWriter:
    """An in-memory XLSX workbook whose cells are always written with their real type."""

    def __init__(self, env, constant_memory=False):
        """``constant_memory``: rows are flushed to a temporary file as they are written
        (each sheet written row after row), so memory does not grow with the row count."""
        self.env = env
        self._tmpdir = None
        if constant_memory:
            self._tmpdir = tempfile.TemporaryDirectory(prefix="lot_traceability_xlsx_")
            options = {"constant_memory": True, "tmpdir": self._tmpdir.name}
            # the finished file zipped to disk, read once by ``close``: not zipped into a
            # buffer and then copied out of it (a hub recall's 18 MB held twice)
            self._output = os.path.join(self._tmpdir.name, "workbook.xlsx")
        else:
            options = {"in_memory": True}
            self._output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._output, options)
        add_format = self.workbook.add_format
        self.formats = {
            "header": add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
            "bold": add_format({"bold": True}),
            "text": None,
            "number": add_format({"num_format": NUMBER_FORMAT}),
            "integer": add_format({"num_format": "0"}),
            "alert": add_format({"num_format": NUMBER_FORMAT, "font_color": "#C00000"}),
            "date": add_format({"num_format": DATE_FORMAT}),
            "datetime": add_format({"num_format": DATETIME_FORMAT}),
        }
        self._sheet_names = []
        self._time_zone = None

    def add_sheet(self, title):
        """A new worksheet named after ``title``, made valid and unique."""
        name = valid_sheet_name(title, self._sheet_names)
        self._sheet_names.append(name)
        return self.workbook.add_worksheet(name, worksheet_class=StreamedWorksheet)

    def write_cell(self, sheet, row, col, value, cell_format=None):
        """Write ``value`` with the writer of its type. ``cell_format``: the name of one of
        ``self.formats`` (else the type's own: number, date, datetime, text)."""
        fmt = self.formats.get(cell_format) if cell_format else None
        if value is None or value is False or value == "":
            return sheet.write_blank(row, col, None, fmt)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                default = "integer" if isinstance(value, int) else "number"
                return sheet.write_number(row, col, value, fmt or self.formats[default])
        elif isinstance(value, datetime.datetime):
            return sheet.write_datetime(
                row, col, self._localize(value), fmt or self.formats["datetime"]
            )
        elif isinstance(value, datetime.date):
            return sheet.write_datetime(row, col, value, fmt or self.formats["date"])
        elif value is True:  # a yes/no column given raw
            value = self.env._("Yes")
        # text, and anything else as its text: never a formula, a number or a URL
        return sheet.write_string(row, col, str(value), fmt)

    def _localize(self, value):
        """A naive UTC datetime (Odoo's) as a naive datetime in the user's time zone, as
        ``fields.Datetime.context_timestamp`` gives it (its time zone looked up once)."""
        if value.tzinfo:
            return value.replace(tzinfo=None)
        if self._time_zone is None:
            user = self.env.user
            tz_name = user._context.get("tz") or user.tz
            try:
                self._time_zone = pytz.timezone(tz_name) if tz_name else pytz.utc
            except pytz.UnknownTimeZoneError:  # context_timestamp: the UTC value
                self._time_zone = pytz.utc
        utc_value = pytz.utc.localize(value, is_dst=False)
        return utc_value.astimezone(self._time_zone).replace(tzinfo=None)

    def write_table(self, title, columns, rows, sheet=None, first_row=0):
        """Write a table on a new worksheet ``title`` (or on ``sheet`` from ``first_row``):
        a frozen header row with an autofilter, then one row per dict of ``rows``.

        :param columns: ``(label, key)`` or ``(label, key, options)`` tuples; ``options``
            may hold ``width`` and ``format``: a format name, or a callable
            ``(row, value) -> format name or None``.
        :param rows: a list, or any iterable (e.g. a generator reading the database page by
            page: in ``constant_memory`` mode, memory does not grow with its length)
        :return: the worksheet
        """
        sheet = sheet or self.add_sheet(title)
        for col, column in enumerate(columns):
            label, options = column[0], column[2] if len(column) > 2 else {}
            sheet.write_string(first_row, col, label, self.formats["header"])
            sheet.set_column(col, col, options.get("width") or max(12, len(label) + 2))
        last = first_row
        # (column, key, format option) once, not per cell
        cells = [
            (col, column[1], (column[2] if len(column) > 2 else {}).get("format"))
            for col, column in enumerate(columns)
        ]
        write_cell = self.write_cell
        # the common cells written straight by xlsxwriter's undecorated writers: what
        # ``write_cell`` does for them, without its type tests (a hub recall: 3 million cells)
        write_string, write_number = sheet._write_string, sheet._write_number
        number_format, integer_format = self.formats["number"], self.formats["integer"]
        isfinite = math.isfinite
        for index, row in enumerate(rows, start=first_row + 1):
            last = index
            get = row.get
            for col, key, cell_format in cells:
                value = get(key)
                if cell_format is not None:
                    if callable(cell_format):
                        write_cell(sheet, index, col, value, cell_format(row, value))
                    else:
                        write_cell(sheet, index, col, value, cell_format)
                    continue
                kind = type(value)
                if kind is str and value:
                    write_string(index, col, value, None)
                elif kind is float and isfinite(value):
                    write_number(index, col, value, number_format)
                elif kind is int:
                    write_number(index, col, value, integer_format)
                else:
                    write_cell(sheet, index, col, value, None)
        sheet.freeze_panes(first_row + 1, 0)
        sheet.autofilter(first_row, 0, max(last, first_row + 1), len(columns) - 1)
        return sheet

    def close(self):
        """Close the workbook and return its bytes."""
        self.workbook.close()
        if not self._tmpdir:
            return self._output.getvalue()
        with open(self._output, "rb") as file:
            content = file.read()
        self._tmpdir.cleanup()
        return content
