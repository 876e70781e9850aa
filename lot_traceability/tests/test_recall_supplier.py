# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallSupplierSide(RecallCommon):
    """The recall's supplier side, one step back: the mill's flour lot W-1187 and the
    dairy's butter went into the cookie trays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mill.email = "mill@example.com"
        cls.dairy = cls.env["res.partner"].create(
            {"name": "Test Dairy", "is_company": True, "email": "dairy@example.com"}
        )
        butter_receipt = cls.env["stock.move.line"].search(
            [("lot_id", "=", cls.butter_lot.id), ("location_id.usage", "=", "supplier")]
        )
        butter_receipt.picking_id.partner_id = cls.dairy
        cls.flour_bad.supplier_lot_name = "W-1187"
        cls.butter_lot.supplier_lot_name = "D-55"

    def _rows(self, recall):
        return {
            (r.partner_id, r.lot_id, r.supplier_lot_name, r.quantity, r.suspect)
            for r in recall.supplier_receipt_ids
        }

    def test_vendors_of_the_suspect_lots_and_their_ingredients(self):
        recall = self._open_recall(self.tray_1)
        self.assertEqual(
            self._rows(recall),
            {
                (self.mill, self.flour_bad, "W-1187", 100.0, False),
                (self.dairy, self.butter_lot, "D-55", 20.0, False),
            },
        )
        self.assertEqual(recall.supplier_count, 2)
        self.assertTrue(all(r.picking_id and r.date for r in recall.supplier_receipt_ids))
        suspect = self._open_recall(self.flour_bad)
        self.assertEqual(self._rows(suspect), {(self.mill, self.flour_bad, "W-1187", 100.0, True)})

    def test_recall_from_the_supplier_lot_number(self):
        recall = self._create_recall(
            self.env["stock.lot"], suspect_mode="supplier_lot", supplier_lot_name="w-1187 "
        )
        recall.supplier_id = self.mill
        recall.action_open()
        self.assertEqual(recall.suspect_lot_ids, self.flour_bad)
        self.assertIn(self.tray_1, recall.affected_lot_ids.lot_id)

    def test_refuse_unknown_supplier_lot_number(self):
        recall = self._create_recall(
            self.env["stock.lot"], suspect_mode="supplier_lot", supplier_lot_name="W-9999"
        )
        with self.assertRaisesRegex(UserError, "no lot was received under .* W-9999"):
            recall.action_open()
        self.assertEqual(recall.state, "draft")
        recall.supplier_id = self.dairy
        recall.supplier_lot_name = "W-1187"
        with self.assertRaisesRegex(UserError, "W-1187"):
            recall.action_find_suspect_lots()

    def test_recall_by_production_line_and_shift_in_a_date_range(self):
        oven = self.env["stock.lot.production.line"].create({"name": "Oven 2", "code": "O2"})
        self.batch.write(
            {"production_line_id": oven.id, "shift": "Night", "production_date": "2026-11-15"}
        )
        recall = self._create_recall(
            self.env["stock.lot"],
            suspect_mode="production_dates",
            production_line_id=oven.id,
            shift="night",
            production_date_from="2026-11-14",
            production_date_to="2026-11-16",
        )
        recall.action_find_suspect_lots()
        self.assertEqual(recall.suspect_lot_ids, self.batch)
        recall.production_date_from = "2026-11-16"
        with self.assertRaisesRegex(
            UserError, "no lot was produced on Oven 2, shift night, between 2026-11-16"
        ):
            recall.action_find_suspect_lots()

    def test_notify_suppliers(self):
        recall = self._open_recall(self.tray_1)
        recall.with_user(self.trace_manager).action_notify_suppliers()
        mails = self.env["mail.mail"].search(
            [("model", "=", "stock.lot.recall"), ("res_id", "=", recall.id)]
        )
        self.assertEqual(mails.recipient_ids, self.mill | self.dairy)
        mill_mail = mails.filtered(lambda m: m.recipient_ids == self.mill)
        self.assertIn("W-1187", mill_mail.body_html)
        self.assertNotIn("D-55", mill_mail.body_html)
        self.assertTrue(all(recall.supplier_receipt_ids.mapped("notified_date")))
        with self.assertRaisesRegex(UserError, "no supplier left to notify"):
            recall.action_notify_suppliers()
        recall.action_recompute()
        self.assertTrue(
            all(recall.supplier_receipt_ids.mapped("notified_date")), "kept by a recompute"
        )

    def test_refuse_notify_a_supplier_without_email(self):
        self.dairy.email = False
        recall = self._open_recall(self.tray_1)
        with self.assertRaisesRegex(UserError, "Test Dairy has no email address; nothing was sent"):
            recall.action_notify_suppliers()
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "stock.lot.recall"), ("res_id", "=", recall.id)]
            )
        )
        self.assertFalse(any(recall.supplier_receipt_ids.mapped("notified_date")))

    def test_refuse_notify_suppliers_by_a_plain_user(self):
        recall = self._open_recall(self.tray_1)
        with self.assertRaises(AccessError):
            recall.with_user(self.trace_user).action_notify_suppliers()
        self.assertFalse(any(recall.supplier_receipt_ids.mapped("notified_date")))

    def test_pdf_and_xlsx_list_the_suppliers(self):
        recall = self._open_recall(self.tray_1)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.action_report_recall", recall.ids)[0]
            .decode()
        )
        self.assertIn("Suppliers (one step back)", html)
        self.assertIn("W-1187", html)
        action = recall.action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        datas = self.env["ir.attachment"].browse(attachment_id).datas
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(datas))) as workbook:
            strings = workbook.read("xl/sharedStrings.xml").decode()
        for expected in ("Suppliers", "Test Dairy", "D-55", "W-1187"):
            self.assertIn(expected, strings)
