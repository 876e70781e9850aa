# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import re
import subprocess
import tempfile

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestReportLayout(HttpCase, RecallCommon):
    """The module's PDFs as wkhtmltopdf prints them (HttpCase: the server that serves the
    report's style sheets answers): company, title, print date and page numbers with the
    wkhtmltopdf the README installs (Debian's, which ignores header and footer HTML)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.name = "Bakery Lumière"
        # A long identifier made of hyphenated tokens: a narrow column broke it at a hyphen.
        cls.tray_1.name = "COOKIES-2026-1115-0000001"
        # Enough lots for the recall to run over more than one page.
        for index in range(40):
            cls.env["stock.lot"].create(
                {"name": f"COOKIES-FILL-{index:03d}", "product_id": cls.cookie_tray.id}
            )

    # XDG_RUNTIME_DIR unset: wkhtmltopdf's Qt says so on stderr, which Odoo logs.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def _render(self, report_ref, records):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids)
        )
        self.assertEqual(report_type, "pdf")
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        pages = [reader.getPage(index) for index in range(reader.getNumPages())]
        return pages, self._pdf_to_text(pdf)

    def _pdf_to_text(self, pdf):
        """The text of each page, as poppler's pdftotext reads it (wkhtmltopdf's fonts
        defeat pypdf's text extraction)."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", pdf_file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        return text.split("\f")[:-1]

    def _assert_numbered(self, texts, offset=0, total=None):
        total = total or len(texts)
        for number, text in enumerate(texts, start=1):
            self.assertIn(f"Page {number} / {total}", text, f"page {offset + number}")

    def test_recall_pdf_identity_page_numbers_landscape(self):
        recall = self._open_recall()
        # Many lines: the affected lots of the recall, so that it runs over several pages.
        fill = self.env["stock.lot"].search([("name", "like", "COOKIES-FILL-")])
        self.env["stock.lot.recall.lot"].create(
            [{"recall_id": recall.id, "lot_id": lot.id, "depth": 9} for lot in fill]
        )
        pages, texts = self._render("lot_traceability.action_report_recall", recall)
        self.assertGreater(len(pages), 1)
        width, height = pages[0].mediaBox.getWidth(), pages[0].mediaBox.getHeight()
        self.assertGreater(width, height, "the recall is printed in landscape")
        self._assert_numbered(texts)
        first = texts[0]
        self.assertIn("Bakery Lumière", first)
        self.assertIn(f"Recall {recall.name}", first)
        self.assertIn("Printed on", first)
        # The next pages carry the company, the title and the print date at their top.
        for text in texts[1:]:
            self.assertIn("Bakery Lumière", text)
            self.assertIn(f"Recall - {recall.name}", text)
            self.assertIn("Printed on", text)
        # Identifiers are never cut: the lot name is whole, on one line.
        whole = "\n".join(texts)
        self.assertIn("COOKIES-2026-1115-0000001", whole)
        self.assertNotRegex(whole, r"COOKIES-\s*\n\s*2026")
        self.assertIn("Test Bistro", whole)

    def test_each_record_numbered_on_its_own(self):
        first = self._open_recall()
        second = self._open_recall()
        __, texts = self._render("lot_traceability.action_report_recall", first | second)
        starts = [index for index, text in enumerate(texts) if re.search(r"Page 1 / \d+", text)]
        self.assertEqual(len(starts), 2, "one page set per recall")
        self.assertIn(first.name, texts[starts[0]])
        self.assertIn(second.name, texts[starts[1]])
        self._assert_numbered(texts[: starts[1]])
        self._assert_numbered(texts[starts[1] :], offset=starts[1])

    def test_item_details_pdf_identity_and_page_numbers(self):
        pages, texts = self._render("lot_traceability.action_report_lot_item_details", self.batch)
        width, height = pages[0].mediaBox.getWidth(), pages[0].mediaBox.getHeight()
        self.assertLess(width, height, "item details are printed in portrait")
        self._assert_numbered(texts)
        self.assertIn("Bakery Lumière", texts[0])
        self.assertIn("Item Details: COOKIES-1", texts[0])
        self.assertIn("Printed on", texts[0])

    def test_module_reports_have_no_blank_band(self):
        """The margins leave room for the stamped page number and running header only."""
        for xmlid in (
            "lot_traceability.action_report_recall",
            "lot_traceability.action_report_lot_item_details",
        ):
            paperformat = self.env.ref(xmlid).get_paperformat()
            self.assertLessEqual(paperformat.margin_top, 15, xmlid)
            self.assertFalse(paperformat.header_spacing, xmlid)
        self.assertEqual(
            self.env.ref("lot_traceability.action_report_recall").get_paperformat().orientation,
            "Landscape",
        )
