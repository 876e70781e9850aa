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
import re
import tempfile

import xlsxwriter

from odoo import fields

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


class XlsxWriter:
    """An in-memory XLSX workbook whose cells are always written with their real type."""

    def __init__(self, env, constant_memory=False):
        """``constant_memory``: rows are flushed to a temporary file as they are written
        (each sheet written row after row), so memory does not grow with the row count."""
        self.env = env
        self._output = io.BytesIO()
        self._tmpdir = None
        if constant_memory:
            self._tmpdir = tempfile.TemporaryDirectory(prefix="lot_traceability_xlsx_")
            options = {"constant_memory": True, "tmpdir": self._tmpdir.name}
        else:
            options = {"in_memory": True}
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

    def add_sheet(self, title):
        """A new worksheet named after ``title``, made valid and unique."""
        name = valid_sheet_name(title, self._sheet_names)
        self._sheet_names.append(name)
        return self.workbook.add_worksheet(name)

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
        """A naive UTC datetime (Odoo's) as a naive datetime in the user's time zone."""
        if value.tzinfo:
            return value.replace(tzinfo=None)
        return fields.Datetime.context_timestamp(self.env.user, value).replace(tzinfo=None)

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
        for index, row in enumerate(rows, start=first_row + 1):
            last = index
            for col, column in enumerate(columns):
                key, options = column[1], column[2] if len(column) > 2 else {}
                value = row.get(key)
                cell_format = options.get("format")
                if callable(cell_format):
                    cell_format = cell_format(row, value)
                self.write_cell(sheet, index, col, value, cell_format)
        sheet.freeze_panes(first_row + 1, 0)
        sheet.autofilter(first_row, 0, max(last, first_row + 1), len(columns) - 1)
        return sheet

    def close(self):
        """Close the workbook and return its bytes."""
        self.workbook.close()
        if self._tmpdir:
            self._tmpdir.cleanup()
        return self._output.getvalue()
