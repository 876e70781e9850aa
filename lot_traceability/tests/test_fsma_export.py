# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import datetime
import io
from pathlib import Path

import openpyxl

from odoo.exceptions import UserError
from odoo.fields import Date

from ..models.stock_lot_fsma_export import KDE_CSV, csv_columns, sheet_columns
from .common_supply_chain import SupplyChainCommon

OPTIONAL = ("_gln", "tlc_source_reference")


def read_sheets(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: (sheet, [[cell.value for cell in row] for row in sheet.iter_rows()])
        for sheet in workbook.worksheets
    }


def as_dicts(rows):
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


class TestFsmaExport(SupplyChainCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fsma = cls.env["stock.lot.fsma.export"]

    def _xlsx(self, lots):
        content, __ = self.Fsma._export_xlsx(self.Fsma._lots_condition(lots))
        return read_sheets(content)

    def test_columns_as_kde_table(self):
        """The columns are those of the KDE table, in its order, locations expanded into the
        seven parts of a location description (and a GLN); the module's copy of the table is
        the project's."""
        shared = Path("/work/shared/standards/fsma204/kde_columns.csv")
        if shared.exists():
            self.assertEqual(KDE_CSV.read_text(), shared.read_text())
        with KDE_CSV.open() as file:
            receiving = [row["column"] for row in csv.DictReader(file) if row["cte"] == "receiving"]
        expected = ["cte"]
        for column in receiving:
            if column.endswith("_location"):
                role = column[: -len("_location")]
                parts = ("business_name", "phone", "address", "city", "state", "postal_code",
                         "country", "gln")  # fmt: skip
                expected += [f"{role}_{part}" for part in parts]
            else:
                expected.append(column)
        self.assertEqual(sheet_columns("receiving"), expected)
        self.assertIn("previous_source_postal_code", expected)

    def test_lot_spreadsheet(self):
        """A tray's whole chain: the flour and butter receipts, the bake and the split, and its
        own delivery to the Bistro (not the other trays' deliveries): one sheet per CTE with
        a frozen, filtered header and ISO date cells."""
        sheets = self._xlsx(self.tray_1)
        self.assertEqual(
            list(sheets), ["Receiving", "Shipping", "Transformation", "Missing KDEs", "Glossary"]
        )
        for title, cte in (("Receiving", "receiving"), ("Shipping", "shipping"),
                           ("Transformation", "transformation")):  # fmt: skip
            sheet, rows = sheets[title]
            self.assertEqual(rows[0], sheet_columns(cte))
            self.assertEqual(sheet.freeze_panes, "A2")
            self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))
        receiving = as_dicts(sheets["Receiving"][1])
        flour = next(row for row in receiving if "FLOUR-BAD" in row["traceability_lot_code"])
        self.assertEqual(flour["traceability_lot_code"], f"(01){self.FLOUR_GTIN}(10)FLOUR-BAD")
        self.assertEqual(flour["quantity"], 100)
        self.assertEqual(flour["unit_of_measure"], "kg")
        self.assertEqual(flour["previous_source_business_name"], "Test Mill")
        self.assertEqual(flour["previous_source_gln"], self.MILL_GLN)
        self.assertEqual(flour["receiving_gln"], self.WAREHOUSE_GLN)
        self.assertEqual(flour["tlc_source_business_name"], "Test Mill")
        self.assertEqual(flour["tlc_source_reference"], "MILL-W-0711")
        self.assertEqual(flour["reference_document_type"], "Receipt")
        self.assertIsInstance(flour["receive_date"], datetime.datetime)
        date_cell = sheets["Receiving"][0]["A2"].parent.cell(
            row=2, column=sheet_columns("receiving").index("receive_date") + 1
        )
        self.assertEqual(date_cell.number_format, "yyyy-mm-dd")
        self.assertEqual(len(receiving), 2)  # flour and butter

        shipping = as_dicts(sheets["Shipping"][1])
        self.assertEqual(len(shipping), 1)
        self.assertEqual(
            shipping[0]["traceability_lot_code"], f"(01){self.TRAY_GTIN}(10)COOKIES-1-001"
        )
        self.assertEqual(shipping[0]["subsequent_recipient_business_name"], "Test Bistro")
        self.assertEqual(shipping[0]["ship_from_gln"], self.WAREHOUSE_GLN)
        self.assertEqual(shipping[0]["tlc_source_gln"], self.WAREHOUSE_GLN)  # we made it

        transformation = as_dicts(sheets["Transformation"][1])
        bake = [row for row in transformation if row["traceability_lot_code"] == "COOKIES-1"]
        self.assertEqual(
            sorted(row["input_traceability_lot_code"] for row in bake),
            [f"(01){self.FLOUR_GTIN}(10)FLOUR-BAD", "BUTTER-1"],
        )
        self.assertEqual({row["reference_document_type"] for row in bake}, {"Manufacturing Order"})
        split = [row for row in transformation if row["input_traceability_lot_code"] == "COOKIES-1"]
        self.assertEqual(len(split), 4)  # one row per tray made
        self.assertEqual({row["input_quantity"] for row in split}, {40})
        self.assertEqual({row["quantity"] for row in split}, {20})

    def test_missing_kdes_listed(self):
        """The Grocer has no address, phone or GLN: every KDE left blank is on the Missing
        KDEs sheet with the record to complete — no blank cell goes unreported."""
        sheets = self._xlsx(self.flour_bad)
        missing = as_dicts(sheets["Missing KDEs"][1])
        reported = {(row["CTE"], row["Column"]) for row in missing}
        self.assertIn(("shipping", "subsequent_recipient_phone"), reported)
        grocer = [row for row in missing if row["Complete On"] == "Contact Test Grocer"]
        self.assertTrue(grocer)
        self.assertTrue(all(row["21 CFR"] for row in grocer))
        for title, cte in (("Receiving", "receiving"), ("Shipping", "shipping"),
                           ("Transformation", "transformation")):  # fmt: skip
            for row in as_dicts(sheets[title][1]):
                for column, value in row.items():
                    if value in (None, "") and not column.endswith(OPTIONAL):
                        if cte != "transformation" and column.startswith("tlc_source_"):
                            continue  # the TLC source reference stands for it
                        self.assertIn((cte, column), reported, f"{cte} {column} blank, unreported")

    def test_csv(self):
        content, __ = self.Fsma._export_csv(self.Fsma._lots_condition(self.tray_1))
        rows = list(csv.reader(io.StringIO(content.decode())))
        self.assertEqual(rows[0], csv_columns())
        self.assertEqual(len(rows) - 1, 2 + 1 + 6)  # receipts, delivery, bake and split rows
        by_name = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        receive_dates = {row["receive_date"] for row in by_name if row["cte"] == "receiving"}
        self.assertEqual(receive_dates, {Date.to_string(Date.context_today(self.flour_bad))})

    def test_lot_and_recall_buttons(self):
        action = self.tray_1.with_user(self.trace_user).action_export_fsma_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual((attachment.res_model, attachment.res_id), ("stock.lot", self.tray_1.id))
        self.assertIn("Receiving", read_sheets(attachment.raw))
        recall = self._create_recall()
        action = recall.action_export_fsma_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(attachment.res_model, "stock.lot.recall")
        shipping = as_dicts(read_sheets(attachment.raw)["Shipping"][1])
        self.assertEqual(
            {row["subsequent_recipient_business_name"] for row in shipping},
            {"Test Bistro", "Test Grocer"},
        )
        with self.assertRaisesRegex(UserError, "no suspect lots"):
            self._create_recall(lots=self.env["stock.lot"]).action_export_fsma_xlsx()

    def test_products_and_dates_wizard(self):
        """Trays over today: the split that made them (with its input) and their deliveries and
        return; nothing for last month; bad dates refused."""
        Wizard = self.env["stock.lot.fsma.wizard"]
        today = Date.context_today(self.flour_bad)
        wizard = Wizard.create(
            {"product_ids": [(6, 0, self.cookie_tray.ids)], "date_from": today, "date_to": today}
        )
        content, __ = self.Fsma._export_xlsx(wizard._prepare_condition())
        sheets = read_sheets(content)
        self.assertEqual(len(as_dicts(sheets["Shipping"][1])), 3)
        self.assertEqual(len(as_dicts(sheets["Receiving"][1])), 1)  # the grocer's return
        split = as_dicts(sheets["Transformation"][1])
        self.assertEqual({row["input_traceability_lot_code"] for row in split}, {"COOKIES-1"})
        wizard.write({"date_from": today - datetime.timedelta(days=40),
                      "date_to": today - datetime.timedelta(days=30)})  # fmt: skip
        sheets = read_sheets(self.Fsma._export_xlsx(wizard._prepare_condition())[0])
        self.assertEqual(len(sheets["Shipping"][1]), 1)  # the header only
        with self.assertRaisesRegex(UserError, "is after the end date"):
            wizard.date_from = today + datetime.timedelta(days=1)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_wizard_food_traceability_list(self):
        """Without products: every product on the Food Traceability List, else a clear error."""
        today = Date.context_today(self.flour_bad)
        wizard = self.env["stock.lot.fsma.wizard"].create({"date_from": today, "date_to": today})
        with self.assertRaisesRegex(UserError, "No product is on the Food Traceability List"):
            wizard._prepare_condition()
        self.flour.food_traceability_list = True
        sheets = read_sheets(self.Fsma._export_xlsx(wizard._prepare_condition())[0])
        receiving = as_dicts(sheets["Receiving"][1])
        self.assertEqual(len(receiving), 2)  # FLOUR-BAD and FLOUR-OK
        self.assertEqual(as_dicts(sheets["Shipping"][1]), [])
