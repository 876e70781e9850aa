# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
import re
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.barcode import get_barcode_check_digit

from ..tools.gs1_symbols import (
    LABEL_PRINTER_DPIS,
    SYMBOL_MODULE_PX,
    datamatrix_image,
    datamatrix_module_dots,
    datamatrix_svg,
    png_data_uri,
    qr_image,
)

RESOLVER_PARAM = "lot_traceability.gs1_resolver"
DPI_PARAM = "lot_traceability.label_dpi"
DEFAULT_DPI = 203
MAX_COPIES = 1000
CSS_DPI = 96
ZPL_DPI = 203  # the ZPL label is laid out in 203 dpi dots (report_lot_label_zpl)
DEFAULT_RESOLVER = "https://id.gs1.org"
FNC1_CHAR = "\x1d"
# GS1 AI 10 / 21 values: 1 to 20 characters of GS1's 82-character set.
GS1_CSET82_RE = re.compile(r'^[!"%-/0-9:-?A-Z_a-z]{1,20}$')
LABEL_REPORTS = {
    "label": "lot_traceability.action_report_lot_label_57x32",
    "a4": "lot_traceability.action_report_lot_label_a4",
    "zpl": "lot_traceability.action_report_lot_label_zpl",
}
ZPL_ESCAPES = {"_": "_5F", "^": "_5E", "~": "_7E"}
# In ^BX data with escape character "_": _1 is FNC1, _dNNN a character by its decimal code.
ZPL_BX_ESCAPES = {"_": "_d095", "^": "_d094", "~": "_d126", FNC1_CHAR: "_1"}


class LotTraceabilityLabel(models.AbstractModel):
    _name = "stock.lot.label"
    _description = "Traceability Label Builder"

    @api.model
    def _get_resolver(self):
        """The GS1 Digital Link resolver labels point to (setting), without trailing slash."""
        resolver = self.env["ir.config_parameter"].sudo().get_param(RESOLVER_PARAM)
        resolver = (resolver or DEFAULT_RESOLVER).strip().rstrip("/")
        if not re.match(r"^https?://", resolver, re.IGNORECASE):
            resolver = "https://" + resolver
        return resolver

    @api.model
    def _get_printer_dpi(self):
        """Resolution of the label printer (setting): 203, 300 or 600 dots per inch."""
        value = self.env["ir.config_parameter"].sudo().get_param(DPI_PARAM)
        dpi = int(value) if value and value.isdigit() else DEFAULT_DPI
        return dpi if dpi in LABEL_PRINTER_DPIS else DEFAULT_DPI

    @api.model
    def _get_copies(self, data):
        """Copies of each label asked by the print wizard (``data["copies"]``), 1 by default."""
        copies = (data or {}).get("copies", 1)
        if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
            raise UserError(
                self.env._("Print from 1 to %(max)s copies of each label.", max=MAX_COPIES)
            )
        return copies

    @api.model
    def _format_label_date(self, value):
        """Dates on labels, PDF and ZPL alike: ISO 8601 (2026-12-31), read the same in every
        country the goods travel to."""
        return fields.Date.to_string(value) if value else False

    @api.model
    def _get_product_gtin(self, product):
        """The product's barcode as a 14-digit GTIN when it is a valid GTIN-8/12/13/14."""
        gtin = self.env["barcode.nomenclature"]._gs1_normalize_gtin(product.barcode)
        if not gtin or get_barcode_check_digit(gtin) != int(gtin[-1]):
            return False
        return gtin

    @api.model
    def _gs1_date(self, value):
        return value.strftime("%y%m%d") if value else False

    @api.model
    def _get_lot_dates(self, lot):
        """(production date, expiration date) of a lot as dates in the user's time zone."""
        production = lot.production_date
        expiration = lot.expiration_date
        return tuple(
            fields.Datetime.context_timestamp(lot, value).date()
            if isinstance(value, fields.datetime)
            else (value or False)
            for value in (production, expiration)
        )

    @api.model
    def _get_label_values(self, lot, images=True):
        """Everything one label of ``lot`` shows: texts, dates (as dates, and as the text
        printed), the GS1 element string (with FNC1 separators) and its human-readable form, the
        QR payload (a GS1 Digital Link URI when the product has a GTIN, otherwise the lot name)
        and, with ``images``, both symbols as PNG data URIs (``SYMBOL_MODULE_PX`` pixels per
        module), the DataMatrix also as inline SVG (what the PDF labels print), its printed
        size in CSS pixels (``datamatrix_px``, its modules in whole printer dots) and mm
        (``datamatrix_mm``), quiet zone included."""
        lot.ensure_one()
        product = lot.product_id
        production, expiration = self._get_lot_dates(lot)
        gtin = self._get_product_gtin(product)
        lot_ai = "21" if product.tracking == "serial" else "10"
        gs1 = bool(gtin and GS1_CSET82_RE.match(lot.name))
        element_string = human_readable = digital_link = False
        if gs1:
            dates = [
                (ai, self._gs1_date(value))
                for ai, value in (("11", production), ("17", expiration))
                if value
            ]
            # Fixed-length elements first, the variable-length lot last: no FNC1 separator needed.
            elements = [("01", gtin), *dates, (lot_ai, lot.name)]
            element_string = "".join(ai + value for ai, value in elements)
            human_readable = "".join(f"({ai}){value}" for ai, value in elements)
            digital_link = f"{self._get_resolver()}/01/{gtin}/{lot_ai}/{quote(lot.name, safe='')}"
            if dates:
                digital_link += "?" + "&".join(f"{ai}={value}" for ai, value in dates)
        qr_payload = digital_link or lot.name
        datamatrix_payload = element_string or lot.name
        datamatrix = datamatrix_px = datamatrix_mm = datamatrix_svg_markup = False
        if images and datamatrix_payload.isascii():
            dpi = self._get_printer_dpi()
            image = datamatrix_image(datamatrix_payload, gs1=gs1)
            datamatrix = png_data_uri(image)
            dots = image.width // SYMBOL_MODULE_PX * datamatrix_module_dots(dpi)
            # Laid out in whole CSS pixels (1/96 in; wkhtmltopdf rounds lengths to them):
            # rounded up, so that a module is never under its size in printer dots.
            datamatrix_px = math.ceil(round(dots * CSS_DPI / dpi, 6))
            datamatrix_mm = round(datamatrix_px * 25.4 / CSS_DPI, 4)
            datamatrix_svg_markup = datamatrix_svg(
                datamatrix_payload, gs1=gs1, size_px=datamatrix_px
            )
        return {
            "lot": lot,
            "product": product,
            "product_name": product.name,
            "default_code": product.default_code or False,
            "lot_name": lot.name,
            "lot_label": self.env._("SN") if lot_ai == "21" else self.env._("LOT"),
            "production_date": production,
            "expiration_date": expiration,
            "production_date_text": self._format_label_date(production),
            "expiration_date_text": self._format_label_date(expiration),
            "gtin": gtin,
            "element_string": element_string,
            "human_readable": human_readable,
            "digital_link": digital_link,
            "qr_payload": qr_payload,
            "qr_image": images and png_data_uri(qr_image(qr_payload)),
            "datamatrix_payload": datamatrix_payload,
            "datamatrix_image": datamatrix,
            "datamatrix_svg": datamatrix_svg_markup,
            "datamatrix_px": datamatrix_px,
            "datamatrix_mm": datamatrix_mm,
        }

    @api.model
    def _get_zpl_values(self, lot):
        """The label values with texts escaped for ZPL ``^FH`` fields and the symbols' data in
        ZPL syntax (``_1`` = FNC1 in ``^BX`` with escape character ``_``)."""
        values = self._get_label_values(lot, images=False)
        escape = self._zpl_escape
        values.update(
            {
                "zpl_product_name": escape(values["product_name"]),
                "zpl_default_code": escape(values["default_code"] or ""),
                "zpl_lot_name": escape(values["lot_name"]),
                "zpl_human_readable": escape(values["human_readable"] or ""),
                "zpl_qr": escape(values["qr_payload"]),
                "zpl_datamatrix_dots": datamatrix_module_dots(ZPL_DPI),
                "zpl_datamatrix": (
                    "_1" + escape(values["element_string"], ZPL_BX_ESCAPES)
                    if values["element_string"]
                    else escape(values["lot_name"], ZPL_BX_ESCAPES)
                ),
            }
        )
        return values

    @api.model
    def _zpl_escape(self, text, escapes=None):
        """``text`` for a ``^FH_`` field: ZPL's control characters as hexadecimal escapes
        (or as ``escapes`` maps them)."""
        escapes = escapes or ZPL_ESCAPES
        return "".join(escapes.get(char, char) for char in (text or ""))

    @api.model
    def _get_report_action(self, lots, fmt="label", copies=1):
        """The report printing ``copies`` labels of each of ``lots`` in format ``fmt``. With
        copies, the lots travel in the report's data (the web client then leaves them out of
        the report's URL)."""
        if fmt not in LABEL_REPORTS:
            raise UserError(
                self.env._(
                    "Unknown label format “%(format)s” (use one of: %(formats)s).",
                    format=fmt,
                    formats=", ".join(LABEL_REPORTS),
                )
            )
        if not lots:
            raise UserError(self.env._("There is no lot or serial number to print a label for."))
        data = None
        if copies != 1:
            data = {"copies": self._get_copies({"copies": copies}), "lot_ids": lots.ids}
        # Labels use no company layout: never detour through the layout configurator.
        return self.env.ref(LABEL_REPORTS[fmt]).report_action(lots, data=data, config=False)
