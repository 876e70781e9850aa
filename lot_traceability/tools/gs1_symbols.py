# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Images of the 2D symbols printed on traceability labels (PNG data URIs).

- QR codes through the ``qrcode`` library.
- GS1 DataMatrix: reportlab's ECC 200 encoder (the one Odoo's /report/barcode uses) always
  writes C40 data without FNC1, so Odoo's "GS1" lot labels are plain DataMatrix symbols. This
  subclass writes ASCII codewords, starts with FNC1 (codeword 232, what makes a DataMatrix a
  GS1 DataMatrix) and encodes each GS separator as FNC1, reusing reportlab's Reed-Solomon
  and module placement, in the smallest square ECC 200 size that holds the data (reportlab
  knows only 44 x 44).
- Printed sizes: a module of a DataMatrix printed by a label printer is a whole number of the
  printer's dots (a module of 1.5 dots prints as 1 or 2 dots and does not decode), and never
  smaller than GS1's minimum X-dimension (``datamatrix_module_dots``).
- The PDF label's DataMatrix is drawn as vector (inline SVG, ``datamatrix_svg``): wkhtmltopdf
  (Qt's PDF engine) stores the images of a page as JPEG, and a bitmap of 3 pixels per module
  came out with ringing across whole modules that read only now and then. The QR code stays a
  bitmap of ``SYMBOL_MODULE_PX`` pixels per module (ringing only at the modules' edges).
"""

import base64
import io
import math

import qrcode
from markupsafe import Markup
from PIL import Image
from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix

FNC1_CHAR = "\x1d"
FNC1_CODEWORD = 232
PAD_CODEWORD = 129
# Square ECC 200 symbols of one Reed-Solomon block (ISO/IEC 16022 table 7): modules per side,
# data regions per side, data codewords, error correction codewords.
DATAMATRIX_SIZES = [
    (10, 1, 3, 5),
    (12, 1, 5, 7),
    (14, 1, 8, 10),
    (16, 1, 12, 12),
    (18, 1, 18, 14),
    (20, 1, 22, 18),
    (22, 1, 30, 20),
    (24, 1, 36, 24),
    (26, 1, 44, 28),
    (32, 2, 62, 36),
    (36, 2, 86, 42),
    (40, 2, 114, 48),
    (44, 2, 144, 56),
]
# GS1 General Specifications, symbol specification tables for GS1 DataMatrix (healthcare items
# not scanned at retail point of sale, and the general minimum of 2D symbols on trade items):
# X-dimension at least 0.254 mm (0.0100 in). Quiet zone: 1 X on each side; we leave 2.
GS1_DATAMATRIX_MIN_X_MM = 0.254
DATAMATRIX_QUIET_MODULES = 2
LABEL_PRINTER_DPIS = (203, 300, 600)
SYMBOL_MODULE_PX = 10


def png_data_uri(image):
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode()


def qr_image(payload, box_size=SYMBOL_MODULE_PX, border=2):
    """PIL image of a QR code (error correction M) holding ``payload``."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border
    )
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image()


class Gs1DataMatrix(ECC200DataMatrix):
    """ECC 200 DataMatrix in ASCII mode; ``gs1=True`` makes it a GS1 DataMatrix."""

    def __init__(self, value="", gs1=True, **kw):
        self.gs1 = gs1
        super().__init__(value=value, **kw)

    def _set_size(self, codeword_count):
        """Take the smallest square size holding ``codeword_count`` data codewords."""
        size = next((size for size in DATAMATRIX_SIZES if codeword_count <= size[2]), None)
        if not size:
            raise ValueError("Too much data for a 44x44 DataMatrix")
        modules, regions, data, ecc = size
        self.row_modules = self.col_modules = modules
        self.row_regions = self.col_regions = regions
        self.cw_data = data
        self.cw_ecc = ecc
        self.row_usable_modules = self.row_modules - self.row_regions * 2
        self.col_usable_modules = self.col_modules - self.col_regions * 2

    def validate(self):
        self.valid = all(ord(char) < 128 for char in self.value)
        self.validated = self.value if self.valid else ""

    def _encode_ascii(self, value):
        codewords = [FNC1_CODEWORD] if self.gs1 else []
        index = 0
        while index < len(value):
            pair = value[index : index + 2]
            if len(pair) == 2 and pair.isdigit():
                codewords.append(130 + int(pair))
                index += 2
                continue
            char = value[index]
            codewords.append(FNC1_CODEWORD if self.gs1 and char == FNC1_CHAR else ord(char) + 1)
            index += 1
        self._set_size(len(codewords))
        if len(codewords) < self.cw_data:
            codewords.append(PAD_CODEWORD)
        while len(codewords) < self.cw_data:
            # ISO/IEC 16022 5.2.3: 253-state randomised padding, position counted from 1.
            pad = PAD_CODEWORD + ((149 * (len(codewords) + 1)) % 253) + 1
            codewords.append(pad - 254 if pad > 254 else pad)
        return codewords

    def encode(self):
        if hasattr(self, "encoded"):
            return self.encoded
        self.validate()
        if not self.valid:
            raise ValueError("A DataMatrix label holds ASCII characters only")
        encoded = self._encode_ascii(self.validated)
        encoded += self._get_reed_solomon_code(encoded, self.cw_ecc)
        matrix = self._create_matrix(encoded)
        data_regions = self._create_data_regions(matrix)
        wrapped = self._wrap_data_regions_with_finders(data_regions)
        self.encoded = self._merge_data_regions(wrapped)
        self.encoded.reverse()  # reportlab draws from the bottom-left corner
        return self.encoded


def datamatrix_module_dots(dpi):
    """Printer dots per DataMatrix module at ``dpi``: the fewest whole dots not smaller than
    GS1's minimum X-dimension (203 dpi: 3 dots = 0.375 mm; 300 dpi: 3 = 0.254 mm; 600 dpi:
    6 = 0.254 mm)."""
    return math.ceil(round(GS1_DATAMATRIX_MIN_X_MM * dpi / 25.4, 6))


def datamatrix_rows(value, gs1=True):
    """Modules of a (GS1) DataMatrix holding ``value``, top row first (True = dark)."""
    return list(reversed(Gs1DataMatrix(value=value, gs1=gs1).encode()))


def datamatrix_svg(value, gs1=True, size_px=0, quiet=DATAMATRIX_QUIET_MODULES):
    """Inline SVG (vector, one path of module runs) of a (GS1) DataMatrix holding ``value``,
    ``size_px`` CSS pixels wide and high with ``quiet`` light modules around it. No viewBox:
    HTML parsers lowercase attribute names; the modules are scaled by a transform."""
    rows = datamatrix_rows(value, gs1=gs1)
    modules = len(rows) + 2 * quiet
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start + quiet} {y + quiet}h{x - start}v1h-{x - start}z")
    scale = round(size_px / modules, 6)
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="%(size)s" height="%(size)s"'
        ' shape-rendering="crispEdges"><path transform="scale(%(scale)s)" fill="#000"'
        ' d="%(path)s"/></svg>'
    ) % {"size": size_px, "scale": scale, "path": "".join(runs)}


def datamatrix_image(value, gs1=True, module=SYMBOL_MODULE_PX, quiet=DATAMATRIX_QUIET_MODULES):
    """PIL image of a (GS1) DataMatrix holding ``value`` (GS separators as FNC1), ``module``
    pixels per module, with ``quiet`` light modules around it."""
    rows = datamatrix_rows(value, gs1=gs1)
    size = len(rows) + 2 * quiet
    image = Image.new("1", (size, size), 1)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x + quiet, y + quiet), 0)
    return image.resize((size * module, size * module), Image.NEAREST)
