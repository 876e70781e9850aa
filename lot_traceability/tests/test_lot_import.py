# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import unittest
from datetime import date

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common import TraceabilityCommon
from .common_lots import LotsCommon

FIELDS = [
    "name",
    "product_id",
    "production_date",
    "shift",
    "production_line_id",
    "supplier_id",
    "supplier_lot_name",
    "origin_country_id",
    "expiration_date",
    "trace_status",
    "trace_status_reason",
    "ref",
]
HEADER = (
    "Lot/Serial Number,Product,Production Date,Shift,Production Line,Supplier,Supplier Lot,"
    "Country of Origin,Expiration Date,Status,Status Reason,Internal Reference"
)
# The story's own file (what the module's template held before it named demo records).
STORY_CSV = "\n".join(
    [
        HEADER,
        "FLOUR-2026-001,Flour,2026-03-02,A,Mill line 1,The Mill,MILL-88120,France,"
        "2026-09-02 00:00:00,Available,,",
        "FLOUR-2026-002,Flour,2026-03-03,B,Mill line 1,The Mill,MILL-88121,France,"
        "2026-09-03 00:00:00,Quarantine,Lab test pending,",
    ]
)
OPTIONS = {
    "has_headers": True,
    "separator": ",",
    "quoting": '"',
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
}


class LotImportCase:
    """Import a CSV file as the import screen does (``base_import.import``)."""

    def _importer(self, csv_text, user=None):
        return (
            self.env["base_import.import"]
            .with_user(user or self.trace_user)
            .create(
                {
                    "res_model": "stock.lot",
                    "file": csv_text.encode(),
                    "file_name": "lots.csv",
                    "file_type": "text/csv",
                }
            )
        )

    def _import(self, csv_text, dryrun, user=None, mapping=None):
        importer = self._importer(csv_text, user=user)
        mapping = mapping or FIELDS
        columns = csv_text.splitlines()[0].split(",")
        # A refused row makes the import's INSERT fail: Odoo logs that query before reporting the
        # row to the user, which is the behaviour under test, not an error of ours.
        with mute_logger("odoo.sql_db"):
            return importer.execute_import(mapping, columns, dict(OPTIONS), dryrun=dryrun)

    def _import_as_the_screen_does(self, csv_text, dryrun, user=None):
        """Map the columns as the import screen proposes (``parse_preview``), then import."""
        importer = self._importer(csv_text, user=user)
        preview = importer.parse_preview(dict(OPTIONS))
        self.assertNotIn("error", preview)
        matches = preview["matches"] or {}
        mapping = [
            "/".join(matches[index]) if index in matches else False
            for index in range(len(preview["headers"]))
        ]
        with mute_logger("odoo.sql_db"):
            result = importer.execute_import(
                mapping, preview["headers"], dict(OPTIONS), dryrun=dryrun
            )
        return mapping, result

    def _sample_file(self):
        with file_open("lot_traceability/static/csv/stock_lot_import_template.csv") as sample:
            return sample.read()


@tagged("post_install", "-at_install")
class TestLotImportTemplate(LotImportCase, TraceabilityCommon):
    """The template of the import screen imports as downloaded on the demo database."""

    def test_template_imports_as_downloaded_on_the_demo(self):
        if not self.env["ir.module.module"]._get("lot_traceability").demo:
            raise unittest.SkipTest("lot_traceability was installed without demo data")
        rows = self._sample_file().splitlines()[1:]
        for dryrun in (True, False):
            mapping, result = self._import_as_the_screen_does(self._sample_file(), dryrun)
            self.assertEqual(mapping, FIELDS)
            self.assertFalse(result["messages"])
            self.assertEqual(len(result["ids"]), len(rows))
        lots = self.env["stock.lot"].browse(result["ids"])
        self.assertEqual(lots.mapped("name"), [row.split(",")[0] for row in rows])
        for lot, row in zip(lots, rows, strict=True):
            cells = row.split(",")
            self.assertEqual(lot.product_id.default_code, cells[1])
            self.assertEqual(str(lot.production_date or ""), cells[2])
            self.assertEqual(lot.shift or "", cells[3])
            self.assertEqual(lot.production_line_id.name or "", cells[4])
            self.assertEqual(lot.supplier_id.name or "", cells[5])
            self.assertEqual(lot.supplier_lot_name or "", cells[6])
            self.assertEqual(lot.origin_country_id.name or "", cells[7])
            self.assertEqual(fields.Datetime.to_string(lot.expiration_date) or "", cells[8])
            self.assertEqual(
                dict(lot._fields["trace_status"].selection)[lot.trace_status],
                cells[9] or "Available",
            )
            self.assertEqual(lot.trace_status_reason or "", cells[10])
            self.assertEqual(lot.ref or "", cells[11])
        # importing the same file again creates nothing more: its lots exist
        _mapping, result = self._import_as_the_screen_does(self._sample_file(), False)
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])


@tagged("post_install", "-at_install")
class TestLotImport(LotImportCase, LotsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.write({"name": "Flour", "default_code": "FLR"})
        cls.vendor.name = "The Mill"
        cls.env["stock.lot.production.line"].create({"name": "Mill line 1", "code": "M1"})

    def _imported_lots(self):
        return self.env["stock.lot"].search(
            [("product_id", "=", self.product_lot.id)], order="name"
        )

    def test_sample_file_header_matches_import_fields(self):
        self.assertEqual(self._sample_file().splitlines()[0], HEADER)
        template = self.env["stock.lot"].get_import_templates()[0]["template"]
        self.assertTrue(template.endswith("stock_lot_import_template.csv"))

    def test_import_screen_maps_every_column_of_the_template(self):
        """The import screen proposes a field for each column of the template, the lot number
        ("Lot/Serial Number", a label holding a slash) included."""
        importer = self._importer(self._sample_file())
        preview = importer.parse_preview(dict(OPTIONS))
        matches = preview["matches"] or {}
        self.assertEqual(
            [matches.get(index) for index in range(len(FIELDS))],
            [[field] for field in FIELDS],
        )

    def test_file_without_lot_column_refused(self):
        """A file whose lot column is not mapped creates no lot with an invented name."""
        csv_text = "\n".join(["Product,Shift", "Flour,A", "Flour,B"])
        for dryrun in (True, False):
            result = self._import(csv_text, dryrun, mapping=["product_id", "shift"])
            self.assertFalse(result["ids"])
            self.assertEqual(len(result["messages"]), 1, result["messages"])
            self.assertIn("Lot/Serial Number", result["messages"][0]["message"])
            self.assertFalse(self._imported_lots())
        # a column left unmapped on the import screen is the same thing
        csv_text = "\n".join(["Lot,Product", "X-1,Flour"])
        result = self._import(csv_text, False, mapping=[False, "product_id"])
        self.assertFalse(result["ids"])
        self.assertIn("Lot/Serial Number", result["messages"][0]["message"])
        self.assertFalse(self._imported_lots())

    def test_rows_without_lot_number_refused_with_their_row(self):
        csv_text = "\n".join(
            [
                HEADER,
                "FLOUR-N1,Flour,2026-03-02,A,,,,,,,,",
                ",Flour,2026-03-02,A,,,,,,,,",
            ]
        )
        result = self._import(csv_text, dryrun=False)
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, result["messages"])
        self.assertIn("no lot/serial number", errors[0]["message"])
        self.assertEqual(errors[0]["record"], 3, "file row 3: the header is row 1")
        self.assertFalse(self._imported_lots())

    def test_good_file_dry_run_then_import(self):
        result = self._import(STORY_CSV, dryrun=True)
        self.assertFalse(result["messages"])
        self.assertFalse(self._imported_lots(), "a test run writes nothing")

        result = self._import(STORY_CSV, dryrun=False)
        self.assertFalse(result["messages"])
        lots = self._imported_lots()
        self.assertEqual(lots.mapped("name"), ["FLOUR-2026-001", "FLOUR-2026-002"])
        first, second = lots
        self.assertEqual(first.production_date, date(2026, 3, 2))
        self.assertEqual(first.shift, "A")
        self.assertEqual(first.production_line_id.code, "M1")
        self.assertEqual(first.supplier_id, self.vendor)
        self.assertEqual(first.supplier_lot_name, "MILL-88120")
        self.assertEqual(first.origin_country_id, self.env.ref("base.fr"))
        self.assertEqual(first.expiration_date.date(), date(2026, 9, 2))
        self.assertEqual(first.trace_status, "available")
        self.assertEqual(second.trace_status, "quarantine")
        self.assertEqual(second.trace_status_reason, "Lab test pending")

    def test_bad_rows_reported_nothing_imported(self):
        self._create_lot(self.product_lot, "FLOUR-EXISTING")
        csv_text = "\n".join(
            [
                HEADER,
                "FLOUR-OK-1,Flour,2026-03-02,A,,,,,,,,",
                "FLOUR-X,No Such Product,2026-03-02,A,,,,,,,,",
                "FLOUR-EXISTING,Flour,2026-03-02,A,,,,,,,,",
                "FLOUR-OK-2,Flour,2026-03-02,B,,,,,,,,",
            ]
        )
        for dryrun in (True, False):
            result = self._import(csv_text, dryrun=dryrun)
            errors = [m for m in result["messages"] if m["type"] == "error"]
            self.assertTrue(
                any("No Such Product" in m["message"] for m in errors), result["messages"]
            )
            self.assertTrue(
                any("FLOUR-EXISTING" in m["message"] for m in errors), result["messages"]
            )
            self.assertFalse(result["ids"])
            self.assertEqual(self._imported_lots().mapped("name"), ["FLOUR-EXISTING"])

    def test_duplicate_rows_in_file_reported(self):
        csv_text = "\n".join(
            [
                HEADER,
                "FLOUR-TWICE,Flour,2026-03-02,A,,,,,,,,",
                "FLOUR-TWICE,Flour,2026-03-03,B,,,,,,,,",
            ]
        )
        result = self._import(csv_text, dryrun=False)
        self.assertTrue(
            any("FLOUR-TWICE" in m["message"] for m in result["messages"]), result["messages"]
        )
        self.assertFalse(self._imported_lots())
        # the duplicate is the file's row 3 (header row 1, first data row 2), reported once
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([m["record"] for m in errors], [3], result["messages"])
        self.assertEqual(errors[0]["rows"], {"from": 2, "to": 2})

    def test_malformed_date_reported(self):
        csv_text = "\n".join(
            [
                HEADER,
                "FLOUR-D1,Flour,2026-03-02,A,,,,,,,,",
                "FLOUR-D2,Flour,02/31/2026,A,,,,,,,,",
            ]
        )
        result = self._import(csv_text, dryrun=False)
        self.assertEqual(len(result["messages"]), 1, result["messages"])
        message = result["messages"][0]["message"]
        self.assertIn("production_date", message)
        self.assertIn("line 2", message)
        self.assertFalse(self._imported_lots())

    def test_unknown_line_and_status_reported(self):
        csv_text = "\n".join(
            [
                HEADER,
                "FLOUR-L1,Flour,2026-03-02,A,Line 99,,,,,,,",
                "FLOUR-L2,Flour,2026-03-02,A,,,,,,Frozen,,",
            ]
        )
        result = self._import(csv_text, dryrun=False)
        messages = " | ".join(m["message"] for m in result["messages"])
        self.assertIn("Line 99", messages)
        self.assertIn("Frozen", messages)
        self.assertFalse(self._imported_lots())
