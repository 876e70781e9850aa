# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import os

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import api, fields, models
from odoo.tools import format_datetime
from odoo.tools.pdf import PdfFileReader, PdfFileWriter
from odoo.tools.safe_eval import safe_eval, time

# A TrueType font for the stamped text (names in any Latin, Greek or Cyrillic script);
# Helvetica (Latin-1 only) where Debian's fonts-dejavu-core is not installed.
_STAMP_FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_STAMP_FONT = "LotTraceabilityStamp"


def _stamp_font():
    if _STAMP_FONT in pdfmetrics.getRegisteredFontNames():
        return _STAMP_FONT
    if os.path.exists(_STAMP_FONT_PATH):
        pdfmetrics.registerFont(TTFont(_STAMP_FONT, _STAMP_FONT_PATH))
        return _STAMP_FONT
    return "Helvetica"


class IrActionsReport(models.Model):
    """Page numbers and a running header for the module's PDF reports, whatever the
    wkhtmltopdf build.

    Odoo prints its header and footer (company, page numbers) through wkhtmltopdf's
    ``--header-html``/``--footer-html``, which only a wkhtmltopdf built on its patched Qt
    honours: Debian's package (unpatched Qt) ignores them, and its ``--footer-center``
    text switches too. The module's reports therefore carry the company, the title and the
    print date in their body (``lot_traceability.report_layout``), and the pages of each
    printed record are stamped here, once rendered: ``Page 1 / 3`` at the bottom of every
    page, and the company, title and print date at the top of the pages after the first.
    Each record is rendered on its own, so its pages are numbered on their own."""

    _inherit = "ir.actions.report"

    @api.model
    def _get_page_stamped_report_names(self):
        """The reports (``report_name``) whose pages are numbered by this model."""
        return (
            "lot_traceability.report_recall",
            "lot_traceability.report_lot_item_details",
        )

    @api.model
    def _get_print_date(self):
        """The print date and time shown by the module's reports: the user's time zone, the
        language's date and time formats (a four-digit year, as on the screens)."""
        return format_datetime(
            self.env, fields.Datetime.now(), tz=self.env.user.tz or "UTC", dt_format=False
        )

    def _prepare_html(self, html, report_model=False):
        """No header or footer HTML for the module's reports: they have none, and Debian's
        wkhtmltopdf logs a warning for each ``--header-html``/``--footer-html`` it ignores."""
        res = super()._prepare_html(html, report_model=report_model)
        if res and self.report_name in self._get_page_stamped_report_names():
            bodies, res_ids, __, __, specific_paperformat_args = res
            return bodies, res_ids, None, None, specific_paperformat_args
        return res

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if report.report_name not in self._get_page_stamped_report_names():
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if res_ids and len(res_ids) > 1 and len(set(res_ids)) == len(res_ids):
            streams = {}
            for res_id in res_ids:
                streams.update(
                    self._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id])
                )
            return streams
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        print_date = self._get_print_date()
        for res_id, stream_data in streams.items():
            # A stream read back from a saved attachment was stamped when it was printed.
            if not stream_data["stream"] or stream_data.get("attachment"):
                continue
            record = self.env[report.model].browse(res_id) if res_id else None
            stream_data["stream"] = self._stamp_pages(
                stream_data["stream"], self._get_running_header(report, record, print_date)
            )
        return streams

    @api.model
    def _get_running_header(self, report, record, print_date):
        """(company name, title, print date) stamped at the top of the pages after the
        first: the title is the file name the report gives the record."""
        title = report.name
        company = self.env.company
        if record:
            if report.print_report_name:
                title = safe_eval(report.print_report_name, {"object": record, "time": time})
            if "company_id" in record and record.company_id:
                company = record.company_id
        return company.name, title, self.env._("Printed on %(date)s", date=print_date)

    @api.model
    def _stamp_pages(self, stream, running_header):
        """Return a new stream of the PDF ``stream`` with ``Page n / total`` at the bottom
        right of every page and ``running_header`` (left, centre and right texts) at the
        top of every page but the first."""
        reader = PdfFileReader(stream, strict=False, overwriteWarnings=False)
        total = reader.getNumPages()
        font = _stamp_font()
        packet = io.BytesIO()
        stamp = canvas.Canvas(packet)
        for number in range(1, total + 1):
            page = reader.getPage(number - 1)
            width = float(abs(page.mediaBox.getWidth()))
            height = float(abs(page.mediaBox.getHeight()))
            stamp.setPageSize((width, height))
            stamp.setFillGray(0.25)
            stamp.setFont(font, 8)
            stamp.drawRightString(
                width - 10 * mm,
                6 * mm,
                self.env._("Page %(page)s / %(total)s", page=number, total=total),
            )
            if number > 1:
                left, centre, right = running_header
                stamp.drawString(10 * mm, height - 8 * mm, left or "")
                stamp.drawCentredString(width / 2, height - 8 * mm, centre or "")
                stamp.drawRightString(width - 10 * mm, height - 8 * mm, right or "")
                stamp.setStrokeGray(0.6)
                stamp.setLineWidth(0.5)
                stamp.line(10 * mm, height - 9.5 * mm, width - 10 * mm, height - 9.5 * mm)
            stamp.showPage()
        stamp.save()
        stamps = PdfFileReader(packet, overwriteWarnings=False)
        writer = PdfFileWriter()
        for index in range(total):
            page = reader.getPage(index)
            page.mergePage(stamps.getPage(index))
            writer.addPage(page)
        output = io.BytesIO()
        writer.write(output)
        return output
