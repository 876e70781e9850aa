# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.gs1_symbols import Gs1DataMatrix
from .common import TraceabilityCommon

GTIN = "09521234543213"


@tagged("post_install", "-at_install")
class TestLotLabels(TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.write({"barcode": GTIN[1:], "default_code": "FLOUR-T55"})
        cls.product_serial.barcode = "00012345678905"
        cls.lot = cls._create_lot(
            cls.product_lot, "ABC123", 10, expiration_date=datetime(2026, 12, 31, 12, 0)
        )
        cls.serial = cls._create_lot(cls.product_serial, "SN/0001", 1)
        cls.labels = cls.env["lot.traceability.label"]

    def test_qr_holds_digital_link_with_expiry(self):
        values = self.labels._get_label_values(self.lot)
        self.assertEqual(values["qr_payload"], f"https://id.gs1.org/01/{GTIN}/10/ABC123?17=261231")
        self.assertEqual(values["human_readable"], f"(01){GTIN}(17)261231(10)ABC123")
        self.assertEqual(values["element_string"], f"01{GTIN}17261231" + "10ABC123")
        self.assertTrue(values["qr_image"].startswith("data:image/png;base64,"))
        self.assertTrue(values["datamatrix_image"].startswith("data:image/png;base64,"))

    def test_production_date_when_lots_have_one(self):
        self.lot.production_date = datetime(2026, 1, 5, 12, 0)
        values = self.labels._get_label_values(self.lot)
        self.assertEqual(
            values["qr_payload"], f"https://id.gs1.org/01/{GTIN}/10/ABC123?11=260105&17=261231"
        )

    def test_serial_uses_ai_21_and_percent_encoding(self):
        values = self.labels._get_label_values(self.serial)
        self.assertEqual(values["qr_payload"], "https://id.gs1.org/01/00012345678905/21/SN%2F0001")
        self.assertEqual(values["lot_label"], "SN")

    def test_resolver_is_a_setting(self):
        settings = self.env["res.config.settings"].create(
            {"lot_traceability_gs1_resolver": "https://trace.example.com/"}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("lot_traceability.gs1_resolver"),
            "https://trace.example.com/",
        )
        values = self.labels._get_label_values(self.lot)
        self.assertTrue(values["qr_payload"].startswith(f"https://trace.example.com/01/{GTIN}/"))

    def test_without_gtin_qr_holds_lot_name(self):
        self.product_lot.barcode = "NOT-A-GTIN"
        values = self.labels._get_label_values(self.lot)
        self.assertEqual(values["qr_payload"], "ABC123")
        self.assertEqual(values["datamatrix_payload"], "ABC123")
        self.assertFalse(values["human_readable"])

    def test_label_content_scans_back_to_the_lot(self):
        """What the QR and the DataMatrix hold is read back by the module's parser."""
        values = self.labels._get_label_values(self.lot)
        for code in (
            values["qr_payload"],
            "]d2" + values["element_string"],
            values["human_readable"],
        ):
            scan = self.env["stock.lot"]._parse_traceability_scan(code)
            self.assertEqual(scan["lot"], self.lot, code)
            self.assertEqual(scan["expiration_date"], datetime(2026, 12, 31))
        serial_values = self.labels._get_label_values(self.serial)
        scan = self.env["stock.lot"]._parse_traceability_scan(serial_values["qr_payload"])
        self.assertEqual(scan["lot"], self.serial)

    def test_gs1_datamatrix_starts_with_fnc1(self):
        codewords = Gs1DataMatrix(value=f"01{GTIN}10AB\x1d17261231")._encode_ascii(
            f"01{GTIN}10AB\x1d17261231"
        )
        self.assertEqual(codewords[0], 232)  # FNC1: GS1 DataMatrix
        # 01 09 52 12 34 54 32 13 as digit pairs, then 10 A B FNC1 17
        self.assertEqual(codewords[1:9], [131, 139, 182, 142, 164, 184, 162, 143])
        self.assertEqual(codewords[9:14], [140, 66, 67, 232, 147])
        plain = Gs1DataMatrix(value="LOT", gs1=False)._encode_ascii("LOT")
        self.assertEqual(plain[:4], [77, 80, 85, 129])

    def test_pdf_label_renders(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "lot_traceability.action_report_lot_label_57x32", (self.lot | self.serial).ids
            )
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_pdf_a4_sheet_renders(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "lot_traceability.action_report_lot_label_a4", (self.lot | self.serial).ids
            )
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_label_html_shows_everything(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.action_report_lot_label_57x32", self.lot.ids)[0]
            .decode()
        )
        for text in ("Test Flour", "[FLOUR-T55]", "ABC123", f"(01){GTIN}(17)261231(10)ABC123"):
            self.assertIn(text, html)
        self.assertEqual(html.count("data:image/png;base64,"), 2)  # QR + DataMatrix

    def test_zpl_content(self):
        self.product_lot.name = "Flour ^Special_"
        zpl = (
            self.env["ir.actions.report"]
            ._render_qweb_text(
                "lot_traceability.action_report_lot_label_zpl", (self.lot | self.serial).ids
            )[0]
            .decode()
        )
        self.assertEqual(zpl.count("^XA"), 2)
        self.assertEqual(zpl.count("^XZ"), 2)
        self.assertIn("^FDFlour _5ESpecial_5F^FS", zpl)
        self.assertIn(f"^FDMA,https://id.gs1.org/01/{GTIN}/10/ABC123?17=261231^FS", zpl)
        self.assertIn(f"^BXN,2,200,0,0,6,_^FD_101{GTIN}17261231" + "10ABC123^FS", zpl)
        self.assertIn("^FDLOT: ABC123^FS", zpl)
        self.assertIn("^FDSN: SN/0001^FS", zpl)

    def test_print_from_lots_and_picking(self):
        action = (self.lot | self.serial)._action_print_traceability_labels("a4")
        self.assertEqual(action["report_name"], "lot_traceability.report_lot_label_a4")
        self.assertEqual(action["context"]["active_ids"], (self.lot | self.serial).ids)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.product_lot.name,
                            "product_id": self.product_lot.id,
                            "product_uom_qty": 4,
                            "product_uom": self.product_lot.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": self.customer_location.id,
                        },
                    )
                ],
            }
        )
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        server_action = self.env.ref("lot_traceability.action_picking_print_lot_label_57x32")
        action = server_action.with_context(
            active_model="stock.picking", active_ids=picking.ids, active_id=picking.id
        ).run()
        self.assertEqual(action["report_name"], "lot_traceability.report_lot_label_57x32")
        self.assertEqual(action["context"]["active_ids"], self.lot.ids)

    def test_unknown_format_and_empty_selection_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown label format “pdf”"):
            self.lot._action_print_traceability_labels("pdf")
        with self.assertRaisesRegex(UserError, "no lot or serial number to print"):
            self.env["stock.lot"]._action_print_traceability_labels("label")
