# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Hub-scale recalls page (issue #18, item 4): above the list limit (system parameter
``lot_traceability.recall_list_limit``) a tab of the recall form shows its count and opens its
lines in a paged list, the form's read sends none of them, the PDF summarizes the deliveries by
customer and product and the XLSX export streams them. The bakery recall (6 lots, 2 customers,
3 deliveries and a return, 6 on-hand quantities) is made "large" by a limit of 3."""

import base64
import io
import zipfile

from odoo.tests import HttpCase, tagged

from ..models.stock_lot_recall_paging import LIST_LIMIT_PARAM
from ..orm_bypass.switch import ORM_ONLY_PARAM
from .common_recall import RecallCommon
from .test_exports import openpyxl, read_workbook

SUMMARIZED = "deliveries: they are summarized by customer and product"

FORM_SPEC = {
    "name": {},
    "affected_lot_count": {},
    "delivery_count": {},
    "delivery_paged": {},
    "affected_lot_ids": {"fields": {"lot_id": {"fields": {"display_name": {}}}}, "limit": 40},
    "customer_ids": {"fields": {"partner_id": {"fields": {"display_name": {}}}}, "limit": 40},
    "delivery_ids": {"fields": {"quantity": {}}, "limit": 40},
    "onhand_ids": {"fields": {"quantity": {}}, "limit": 40},
    "shipment_ids": {"fields": {"quantity": {}}, "limit": 40},
}


class RecallPagingCommon(RecallCommon):
    def _set_limit(self, limit):
        self.env["ir.config_parameter"].sudo().set_param(LIST_LIMIT_PARAM, str(limit))
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestRecallPaging(RecallPagingCommon):
    def test_small_recall_lists_its_lines_in_the_form(self):
        recall = self._open_recall()
        values = recall.with_user(self.trace_user).web_read(FORM_SPEC)[0]
        self.assertFalse(values["delivery_paged"])
        self.assertEqual(len(values["affected_lot_ids"]), 6)
        self.assertEqual(len(values["delivery_ids"]), 4)
        self.assertEqual(len(values["onhand_ids"]), 6)
        self.assertEqual(len(values["customer_ids"]), 2)

    def test_large_tabs_send_no_line_but_their_count(self):
        recall = self._open_recall()
        self._set_limit(3)
        values = recall.with_user(self.trace_user).web_read(FORM_SPEC)[0]
        self.assertTrue(values["delivery_paged"])
        self.assertEqual((values["affected_lot_count"], values["delivery_count"]), (6, 4))
        for name in ("affected_lot_ids", "delivery_ids", "onhand_ids"):
            self.assertEqual(values[name], [], f"{name}: above the limit, not read")
        # below the limit, still listed with their fields
        self.assertEqual(len(values["customer_ids"]), 2)
        self.assertIn("display_name", values["customer_ids"][0]["partner_id"])
        self.assertEqual(len(values["shipment_ids"]), 1)
        self.assertEqual(
            (recall.affected_lot_paged, recall.customer_paged, recall.onhand_paged),
            (True, False, True),
        )

    def test_large_and_small_recalls_read_together(self):
        large = self._open_recall()
        small = self._open_recall(self.tray_3)
        self._set_limit(3)
        values = {
            vals["id"]: vals
            for vals in (large | small).web_read({"delivery_ids": {"fields": {}, "limit": 40}})
        }
        self.assertEqual(values[large.id]["delivery_ids"], [])
        self.assertEqual(
            [line["id"] for line in values[small.id]["delivery_ids"]], small.delivery_ids.ids
        )

    def test_zero_limit_always_lists(self):
        recall = self._open_recall()
        self._set_limit(0)
        self.assertFalse(recall.delivery_paged)
        self.assertEqual(len(recall.web_read(FORM_SPEC)[0]["delivery_ids"]), 4)

    def test_bad_limit_falls_back_to_default(self):
        self._set_limit("many")
        self.assertEqual(self.Recall._get_list_limit(), 2000)

    def test_tab_button_opens_the_paged_list(self):
        recall = self._open_recall()
        action = recall.action_view_deliveries()
        self.assertEqual(action["res_model"], "stock.lot.recall.delivery")
        self.assertEqual(action["view_mode"], "list,form")
        lines = self.env["stock.lot.recall.delivery"].search(action["domain"], limit=2)
        self.assertEqual(len(lines), 2, "the list pages like any list")
        self.assertEqual(self.env["stock.lot.recall.delivery"].search_count(action["domain"]), 4)

    def test_open_work_counted_without_reading_lines(self):
        recall = self._open_recall(quarantine_move=False)
        self.assertEqual(recall.customer_to_notify_count, 2)
        self.assertEqual(recall.onhand_to_hold_count, 6)
        recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro).action_notify()
        recall.action_hold_stock()
        self.env.invalidate_all()
        self.assertEqual(recall.customer_to_notify_count, 1)
        self.assertEqual(recall.onhand_to_hold_count, 0)
        self.tray_4.with_user(self.trace_manager).action_trace_release()
        self.env.invalidate_all()
        self.assertEqual(recall.onhand_to_hold_count, 1, "released lot: no longer held")


@tagged("post_install", "-at_install")
class TestRecallHubReports(RecallPagingCommon):
    def _html(self, recall):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.report_recall", recall.ids)[0]
            .decode()
        )

    def test_pdf_of_a_small_recall_lists_every_delivery(self):
        recall = self._open_recall()
        html = self._html(recall)
        self.assertNotIn(SUMMARIZED, html)
        self.assertNotIn("they are summarized by product", html)
        for expected in ("Kitchen Door", "COOKIES-1-003", self.delivery_grocer.name):
            self.assertIn(expected, html)

    def test_pdf_of_a_hub_summarizes_by_customer_and_product_and_says_so(self):
        recall = self._open_recall()
        self._set_limit(3)
        html = self._html(recall)
        self.assertIn(f"This recall reaches 4 {SUMMARIZED}", " ".join(html.split()))
        self.assertIn("the full list is in the XLSX export", html)
        self.assertIn("This recall reaches 6 lots", " ".join(html.split()))
        self.assertNotIn(self.delivery_grocer.name, html, "no delivery line printed")
        self.assertNotIn("Kitchen Door", html)
        for expected in ("Test Bistro", "Test Grocer", "Test Cookie Tray", "WH/Stock"):
            self.assertIn(expected, html)

    def test_pdf_hub_summary_values(self):
        recall = self._open_recall()
        self._set_limit(3)
        values = self.env["report.lot_traceability.report_recall"]._get_report_values(recall.ids)
        section = values["sections"][recall.id]
        self.assertTrue(section["deliveries_summarized"])
        customers = {customer["customer"]: customer for customer in section["customers"]}
        self.assertFalse(customers["Test Grocer"]["deliveries"])
        [grocer] = customers["Test Grocer"]["products"]
        self.assertEqual(
            (grocer["product"], grocer["deliveries"], grocer["lots"], grocer["quantity"]),
            ("Test Cookie Tray", 2, 1, 15.0),
            "20 trays delivered, 5 returned",
        )
        self.assertEqual(customers["Test Grocer"]["quantity"], "15 Units")
        [bistro] = customers["Test Bistro"]["products"]
        self.assertEqual((bistro["deliveries"], bistro["lots"], bistro["quantity"]), (2, 2, 20.0))
        trays = [line for line in section["lot_summary"] if line["product"] == "Test Cookie Tray"]
        self.assertEqual((trays[0]["lots"], trays[0]["qty_delivered"]), (4, 35.0))
        self.assertEqual(sum(line["lots"] for line in section["on_hand_summary"]), 6)

    def _export(self, recall):
        action = recall.with_user(self.trace_user).action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        return base64.b64decode(self.env["ir.attachment"].browse(attachment_id).datas)

    def _cells(self, content):
        workbook = read_workbook(content)
        return {
            sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets
        }

    def test_xlsx_of_a_hub_streams_the_same_cells(self):
        if openpyxl is None:
            self.skipTest("openpyxl is needed to read the exports back")
        recall = self._open_recall()
        self.env.invalidate_all()  # the lines in their order, read back as a request reads them
        small = self._export(recall)
        self._set_limit(3)
        large = self._export(recall)
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, "True")
        orm = self._export(recall)
        self.assertEqual(self._cells(large), self._cells(small))
        self.assertEqual(self._cells(orm), self._cells(small))
        customers = self._cells(large)["Customers"]
        self.assertEqual(len(customers), 5, "a header and four delivery lines")
        with zipfile.ZipFile(io.BytesIO(large)) as workbook:
            names = workbook.namelist()
            strings = (
                workbook.read("xl/sharedStrings.xml").decode()
                if "xl/sharedStrings.xml" in names
                else ""
            )
        # xlsxwriter's constant_memory mode writes strings inline, row after row
        self.assertNotIn("Test Bistro", strings, "written in constant-memory mode")


@tagged("post_install", "-at_install")
class TestRecallPagingTour(HttpCase, RecallPagingCommon):
    def test_recall_paged_tour(self):
        self.trace_manager.password = "trace_manager"
        recall = self._open_recall()
        self._set_limit(3)
        self.start_tour(
            f"/odoo/action-lot_traceability.stock_lot_recall_action/{recall.id}",
            "lot_traceability_recall_paged_tour",
            login="trace_manager",
        )
