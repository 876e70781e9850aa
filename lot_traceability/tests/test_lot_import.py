# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged
from odoo.tools.misc import file_open

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


@tagged("post_install", "-at_install")
class TestLotImport(LotsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.write({"name": "Flour", "default_code": "FLR"})
        cls.vendor.name = "The Mill"
        cls.env["stock.production.line"].create({"name": "Mill line 1", "code": "M1"})

    def _import(self, csv_text, dryrun, user=None):
        importer = (
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
        return importer.execute_import(FIELDS, HEADER.split(","), dict(OPTIONS), dryrun=dryrun)

    def _imported_lots(self):
        return self.env["stock.lot"].search(
            [("product_id", "=", self.product_lot.id)], order="name"
        )

    def _sample_file(self):
        with file_open("lot_traceability/static/csv/stock_lot_import_template.csv") as sample:
            return sample.read()

    def test_sample_file_header_matches_import_fields(self):
        self.assertEqual(self._sample_file().splitlines()[0], HEADER)
        template = self.env["stock.lot"].get_import_templates()[0]["template"]
        self.assertTrue(template.endswith("stock_lot_import_template.csv"))

    def test_good_file_dry_run_then_import(self):
        result = self._import(self._sample_file(), dryrun=True)
        self.assertFalse(result["messages"])
        self.assertFalse(self._imported_lots(), "a test run writes nothing")

        result = self._import(self._sample_file(), dryrun=False)
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
