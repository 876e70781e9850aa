# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import re
import shutil
import subprocess
import tempfile
import unittest
from datetime import datetime
from pathlib import Path

import qrcode
from PIL import Image

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools.gs1_symbols import Gs1DataMatrix, datamatrix_image, datamatrix_module_dots, qr_image
from .common import TraceabilityCommon

GTIN = "09521234543213"
SCAN_TOOLS = ("pdftoppm", "pdfimages", "dmtxread", "zbarimg")


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
        cls.labels = cls.env["stock.lot.label"]

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
        # "LOT" fills the 3 data codewords of a 10 x 10 symbol; "LOTS" pads a 12 x 12 one
        plain = Gs1DataMatrix(value="LOT", gs1=False)._encode_ascii("LOT")
        self.assertEqual(plain, [77, 80, 85])
        plain = Gs1DataMatrix(value="LOTS", gs1=False)._encode_ascii("LOTS")
        self.assertEqual(plain[:5], [77, 80, 85, 84, 129])

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
        # the QR code as PNG, the DataMatrix as vector (inline SVG of its modules)
        self.assertEqual(html.count("data:image/png;base64,"), 1)
        self.assertEqual(html.count('<div class="o_lt_datamatrix"'), 1)
        self.assertEqual(html.count('<svg xmlns="http://www.w3.org/2000/svg"'), 1)

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
        # modules of 3 dots at 203 dpi (0.375 mm): 2 dots (0.25 mm) are under GS1's minimum
        self.assertIn(f"^BXN,3,200,0,0,6,_^FD_101{GTIN}17261231" + "10ABC123^FS", zpl)
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

    def test_datamatrix_takes_the_smallest_size_that_holds_its_data(self):
        sizes = {
            payload: len(Gs1DataMatrix(value=payload).encode())
            for payload in (f"01{GTIN}", f"01{GTIN}17261231" + "10ABC123", "X" * 100)
        }
        self.assertEqual(list(sizes.values()), [16, 20, 40])
        with self.assertRaisesRegex(ValueError, "Too much data"):
            Gs1DataMatrix(value="X" * 145).encode()

    def test_datamatrix_module_is_whole_printer_dots_of_gs1_minimum(self):
        for dpi, dots in ((203, 3), (300, 3), (600, 6)):
            self.assertEqual(datamatrix_module_dots(dpi), dots)
            self.assertGreaterEqual(dots * 25.4 / dpi, 0.254 - 1e-9)
        self.env["ir.config_parameter"].set_param("lot_traceability.label_dpi", "203")
        values = self.labels._get_label_values(self.lot)
        # 20 x 20 modules and 2 quiet modules each side, 3 dots of 0.125 mm each
        # 24 modules (quiet zone included) of 3 dots: 72 dots, in 35 CSS pixels (not 34.05)
        self.assertEqual(values["datamatrix_px"], 35)
        self.assertAlmostEqual(values["datamatrix_mm"], 35 * 25.4 / 96, places=3)
        image = datamatrix_image(values["datamatrix_payload"], module=3)
        self.assertEqual(image.size, (72, 72))
        # the label's image: 10 pixels per module (its printed size is the CSS one above)
        data = base64.b64decode(values["datamatrix_image"].split(",", 1)[1])
        self.assertEqual(Image.open(io.BytesIO(data)).size, (240, 240))

    def test_label_dates_one_format_on_pdf_and_zpl(self):
        self.lot.production_date = datetime(2026, 1, 5)
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.user.lang = "fr_FR"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.action_report_lot_label_57x32", self.lot.ids)[0]
            .decode()
        )
        zpl = (
            self.env["ir.actions.report"]
            ._render_qweb_text("lot_traceability.action_report_lot_label_zpl", self.lot.ids)[0]
            .decode()
        )
        for text in (html, zpl):
            self.assertRegex(text, r"PROD\s*(<span>)?2026-01-05")
            self.assertRegex(text, r"EXP\s*(<span>)?2026-12-31")
        self.assertNotIn("31/12/2026", html)

    def test_copies_fill_sheets_cell_by_cell(self):
        report = self.env["report.lot_traceability.report_lot_label_a4"]
        values = report._get_report_values((self.lot | self.serial).ids, data={"copies": 12})
        self.assertEqual(len(values["pages"]), 2)
        self.assertEqual(len(values["pages"][0]), 21)
        names = [label["lot_name"] for page in values["pages"] for label in page]
        self.assertEqual(names, ["ABC123"] * 12 + ["SN/0001"] * 12)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "lot_traceability.action_report_lot_label_a4",
                (self.lot | self.serial).ids,
                data={"copies": 12},
            )[0]
            .decode()
        )
        self.assertEqual(html.count("o_lt_label o_lt_sheet"), 24)
        self.assertEqual(len(re.findall(r"<tr>", html)), 7 + 1)  # 21 cells, then 3 on page 2
        small = self.env["report.lot_traceability.report_lot_label_57x32"]
        labels = small._get_report_values(self.lot.ids, data={"copies": 3})["labels"]
        self.assertEqual([label["lot_name"] for label in labels], ["ABC123"] * 3)
        zpl = (
            self.env["ir.actions.report"]
            ._render_qweb_text(
                "lot_traceability.action_report_lot_label_zpl", self.lot.ids, data={"copies": 3}
            )[0]
            .decode()
        )
        self.assertEqual(zpl.count("^XA"), 1)
        self.assertIn("^PQ3^XZ", zpl)
        for copies in (0, -1, 1001, "2"):
            with self.assertRaisesRegex(UserError, "Print from 1 to 1000 copies"):
                small._get_report_values(self.lot.ids, data={"copies": copies})

    def test_print_wizard_copies_and_format(self):
        wizard = (
            self.env["stock.lot.label.print"]
            .with_user(self.trace_user)
            .with_context(active_model="stock.lot", active_ids=(self.lot | self.serial).ids)
            .create({"label_format": "a4", "copies": 3})
        )
        self.assertEqual(wizard.lot_ids, self.lot | self.serial)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "lot_traceability.report_lot_label_a4")
        self.assertEqual(action["data"], {"copies": 3, "lot_ids": (self.lot | self.serial).ids})
        # the web client sends data without ids when there is data: the lots come from it
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(action["report_name"], None, data=action["data"])[0]
            .decode()
        )
        self.assertEqual(html.count("o_lt_label o_lt_sheet"), 6)
        self.assertEqual(html.count("LOT: ABC123"), 3)
        self.assertEqual(html.count("SN: SN/0001"), 3)
        with self.assertRaisesRegex(ValidationError, "Print from 1 to 1000 copies"):
            wizard.copies = 0
        one = wizard.create({"lot_ids": self.lot.ids, "label_format": "zpl"}).action_print()
        self.assertEqual(one["report_name"], "lot_traceability.report_lot_label_zpl")
        self.assertFalse(one["data"])

    def test_print_menu_has_one_zpl_entry_and_the_wizard(self):
        for model in ("stock.lot", "stock.picking"):
            names = [
                action["name"]
                for action in self.env["ir.actions.actions"]
                .with_user(self.trace_user)
                .get_bindings(model)
                .get("report", [])
            ]
            self.assertEqual(names.count("Traceability Labels"), 1, names)
            self.assertLessEqual(sum("ZPL" in name for name in names), 1, names)
            self.assertFalse([name for name in names if name.startswith("Traceability Label ")])


@tagged("post_install", "-at_install")
@unittest.skipUnless(
    all(shutil.which(tool) for tool in SCAN_TOOLS),
    "needs pdftoppm, pdfimages, dmtxread and zbarimg (poppler-utils, dmtx-utils, zbar-tools)",
)
class TestLotLabelScan(HttpCase, TraceabilityCommon):
    """PDF labels rendered by wkhtmltopdf with the real stylesheets (a server answers at
    web.base.url), printed at the label printer's resolution and read by barcode decoders.

    Debian's wkhtmltopdf (unpatched Qt) ignores --disable-smart-shrinking and lays a page out
    smaller than its CSS millimetres (about 0.85 here); Odoo's recommended build (patched Qt)
    keeps them. The QR code, whose CSS size is known, is the ruler: the page is rasterized at
    the printer's dpi divided by that shrink, which puts on the printer's dots what a
    millimetre-true engine puts there."""

    # .o_lt_qr widths of report_lot_label_style, in CSS pixels (1/96 in)
    QR_MM = {"57x32": 64 * 25.4 / 96, "a4": 79 * 25.4 / 96}
    # left, top, right, bottom of the corner of the (first) label holding the DataMatrix, in mm
    # of the page (the page's body margin moves the labels about 4 mm right)
    DATAMATRIX_CORNER_MM = {"57x32": (45, 19, 70, 36), "a4": (50, 25, 75, 44)}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.write({"barcode": GTIN[1:], "default_code": "FLOUR-T55"})
        cls.lot = cls._create_lot(
            cls.product_lot, "ABC123", 10, expiration_date=datetime(2026, 12, 31, 12, 0)
        )
        cls.lot.production_date = datetime(2026, 1, 5)
        cls.labels = cls.env["stock.lot.label"]

    def _run(self, *args):
        return subprocess.run(
            [str(arg) for arg in args], capture_output=True, timeout=120, check=False
        ).stdout.decode()

    def _print_and_scan(self, fmt, dpi):
        """Render ``fmt``'s PDF, check the printed size of the DataMatrix modules, print the
        first page at ``dpi`` and decode it: (DataMatrix text, QR text)."""
        self.env["ir.config_parameter"].set_param("lot_traceability.label_dpi", str(dpi))
        values = self.labels._get_label_values(self.lot)
        report = {"57x32": "action_report_lot_label_57x32", "a4": "action_report_lot_label_a4"}
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"lot_traceability.{report[fmt]}", self.lot.ids)
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp)
            (path / "label.pdf").write_bytes(pdf)
            # image width in pixels and its x-ppi on the page, per image: the QR code only
            images = [
                (int(cols[3]), float(cols[12]))
                for cols in (
                    line.split()
                    for line in self._run(
                        "pdfimages", "-f", 1, "-l", 1, "-list", path / "label.pdf"
                    ).splitlines()[2:]
                )
            ]
            qr_px = qr_image(values["qr_payload"]).size[0]
            qr_ppi = next(ppi for width, ppi in images if width == qr_px)
            shrink = qr_px / qr_ppi * 25.4 / self.QR_MM[fmt]
            # wkhtmltopdf stores bitmaps as JPEG: a DataMatrix of 3 image pixels per module came
            # out with ringing across whole modules (read now and then); it is vector now, and
            # the QR code's ringing stays at the edges of its modules of 10 image pixels.
            self.assertEqual([width for width, _ppi in images if width != qr_px], [])
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
            code.add_data(values["qr_payload"])
            code.make(fit=True)
            self.assertGreaterEqual(
                qr_px / (code.modules_count + 2 * 2), 10, "image pixels per QR module"
            )
            # the DataMatrix's size on a millimetre-true engine, measured on the page rasterized
            # at 4 pixels per printer dot: the dark modules' box within the label's corner
            # holding it (no quiet zone: its top row and right column reach the corners)
            left, top, right, bottom = (
                round(mm * 4 * dpi / 25.4) for mm in self.DATAMATRIX_CORNER_MM[fmt]
            )
            self._run(
                "pdftoppm",
                "-r",
                round(4 * dpi / shrink, 3),
                "-gray",
                "-png",
                "-f",
                1,
                "-l",
                1,
                "-x",
                left,
                "-y",
                top,
                "-W",
                right - left,
                "-H",
                bottom - top,
                "-singlefile",
                path / "label.pdf",
                path / "corner",
            )
            with Image.open(path / "corner.png") as corner:
                dark = corner.convert("L").point(lambda level: 255 if level < 128 else 0)
                box = dark.getbbox()
            modules = len(Gs1DataMatrix(value=values["datamatrix_payload"]).encode())
            for side_px in (box[2] - box[0], box[3] - box[1]):
                dots = side_px / 4 / modules
                module_mm = dots * 25.4 / dpi
                self.assertAlmostEqual(dots, round(dots), delta=0.05, msg="whole printer dots")
                self.assertGreaterEqual(module_mm, 0.254 * 0.995, "GS1's minimum X-dimension")
            self._run(
                "pdftoppm",
                "-r",
                round(dpi / shrink, 3),
                "-gray",
                "-png",
                "-f",
                1,
                "-l",
                1,
                "-singlefile",
                path / "label.pdf",
                path / "label",
            )
            # a thermal printer's head burns a dot where the pixel is dark: a threshold (not
            # pdftoppm -mono's error diffusion, which sprinkles the grey edges of the QR's
            # JPEG-stored bitmap with dots no printer makes)
            png = path / "label.png"
            with Image.open(png) as page:
                page.point(lambda level: 0 if level < 128 else 255).convert("1").save(png)
            datamatrix = self._run("dmtxread", "-N1", "-m", "20000", png)
            qr = self._run("zbarimg", "-q", "--raw", png)
        return datamatrix.strip(), qr.strip()

    # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores header/footer switches.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_label_decodes_at_the_printer_resolution(self):
        values = self.labels._get_label_values(self.lot)
        for dpi in (203, 300):
            datamatrix, qr = self._print_and_scan("57x32", dpi)
            self.assertEqual(datamatrix, values["element_string"], f"DataMatrix at {dpi} dpi")
            self.assertEqual(qr, values["qr_payload"], f"QR code at {dpi} dpi")

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_sheet_decodes_at_203_dpi(self):
        values = self.labels._get_label_values(self.lot)
        datamatrix, qr = self._print_and_scan("a4", 203)
        self.assertEqual(datamatrix, values["element_string"])
        self.assertEqual(qr, values["qr_payload"])
