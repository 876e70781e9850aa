# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TraceabilityCommon

GS = "\x1d"
GTIN = "09521234543213"


@tagged("post_install", "-at_install")
class TestGs1Parser(TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.barcode = GTIN[1:]  # stored as EAN-13
        cls.product_serial.barcode = "00012345678905"  # stored as GTIN-14 of a UPC-A
        cls.lot = cls._create_lot(cls.product_lot, "ABC123", 10)
        cls.serial = cls._create_lot(cls.product_serial, "SN-0001", 1)

    def _parse(self, code, product=None):
        return self.env["stock.lot"]._parse_traceability_scan(code, product=product)

    def assertScan(self, code, lot, expiration=None, production=None):
        result = self._parse(code)
        self.assertEqual(result["lot"], lot, code)
        self.assertEqual(result["product"], lot.product_id, code)
        self.assertEqual(result["lot_name"], lot.name, code)
        if expiration:
            self.assertEqual(
                result["expiration_date"], datetime.combine(expiration, datetime.min.time())
            )
        if production:
            self.assertEqual(result["production_date"], production)
        return result

    # element strings
    def test_element_string_with_separators(self):
        result = self.assertScan(f"{GS}01{GTIN}10ABC123{GS}17261231", self.lot, date(2026, 12, 31))
        self.assertEqual(result["gtin"], GTIN)

    def test_element_string_without_separators_lot_last(self):
        self.assertScan(f"01{GTIN}1726123110ABC123", self.lot, date(2026, 12, 31))

    def test_element_string_with_symbology_identifiers(self):
        for prefix in ("]d2", "]C1", "]Q3"):
            self.assertScan(f"{prefix}01{GTIN}10ABC123{GS}17261231", self.lot, date(2026, 12, 31))

    def test_human_readable_form(self):
        self.assertScan(f"(01){GTIN}(10)ABC123(17)261231", self.lot, date(2026, 12, 31))
        self.assertScan(
            f"(01) {GTIN} (11) 260105 (10) ABC123", self.lot, production=date(2026, 1, 5)
        )

    def test_production_date_ai_11(self):
        self.assertScan(f"01{GTIN}11260105{GS}10ABC123", self.lot, production=date(2026, 1, 5))

    def test_dropped_separator_resolved_by_existing_lot(self):
        """The scanner dropped the FNC1 after the lot: the split naming an existing lot wins."""
        self.assertScan(f"01{GTIN}10ABC12317261231", self.lot, date(2026, 12, 31))

    def test_dropped_separator_unknown_lot_reads_as_gs1_standard(self):
        result = self._parse(f"01{GTIN}10NEW99917261231")
        self.assertEqual(result["lot_name"], "NEW99917261231")
        self.assertFalse(result["lot"])
        self.assertEqual(result["product"], self.product_lot)

    def test_quantity_ai_30_and_37(self):
        self.assertEqual(self._parse(f"01{GTIN}10ABC123{GS}3025")["quantity"], 25.0)
        self.assertEqual(self._parse(f"(01){GTIN}(37)12(10)ABC123")["quantity"], 12.0)

    def test_serial_ai_21_and_gtin_of_upc_a(self):
        result = self.assertScan("(01)00012345678905(21)SN-0001", self.serial)
        self.assertEqual(result["gtin"], "00012345678905")

    def test_unknown_gtin_keeps_lot_name(self):
        result = self._parse("(01)00000000000017(10)NOPE")
        self.assertFalse(result["product"])
        self.assertFalse(result["lot"])
        self.assertEqual(result["lot_name"], "NOPE")
        self.assertEqual(result["gtin"], "00000000000017")

    # Digital Link
    def test_digital_link_any_host_and_prefix(self):
        self.assertScan(
            f"https://id.gs1.org/01/{GTIN}/10/ABC123?17=261231&11=260105",
            self.lot,
            date(2026, 12, 31),
            date(2026, 1, 5),
        )
        self.assertScan(
            f"https://brand.example.com/products/01/{GTIN}/10/ABC123?15=261130&utm_source=x",
            self.lot,
        )

    def test_digital_link_serial_and_query_lot(self):
        self.assertScan("https://example.com/01/00012345678905/21/SN-0001", self.serial)
        self.assertScan(f"HTTPS://example.com/01/{GTIN}?10=ABC123", self.lot)
        self.assertScan(f"]Q1https://example.com/01/{GTIN}/10/ABC123", self.lot)

    def test_digital_link_percent_encoded_lot(self):
        lot = self._create_lot(self.product_lot, "L24/07-A+B")
        self.assertScan(f"https://example.com/01/{GTIN}/10/L24%2F07-A%2BB", lot)

    def test_digital_link_gtin13_padded(self):
        self.assertScan(f"https://example.com/01/{GTIN[1:]}/10/ABC123", self.lot)

    # plain names
    def test_plain_lot_name(self):
        self.assertScan("ABC123", self.lot)
        self.assertScan("  SN-0001\n", self.serial)

    def test_plain_unknown_name(self):
        result = self._parse("UNKNOWN-7")
        self.assertFalse(result["lot"])
        self.assertFalse(result["product"])
        self.assertEqual(result["lot_name"], "UNKNOWN-7")
        self.assertFalse(result["gs1"])

    def test_plain_lot_name_that_looks_like_gs1(self):
        """A lot actually named like an element string is found by its name first."""
        lot = self._create_lot(self.product_lot, "1012345")
        self.assertScan("1012345", lot)

    def test_product_restricts_lookup(self):
        self._create_lot(self.product_serial, "ABC123")
        self.assertFalse(self._parse("ABC123")["lot"])  # two products have lot ABC123
        self.assertEqual(self._parse("ABC123", product=self.product_lot)["lot"], self.lot)

    def test_label_of_another_product_refused(self):
        with self.assertRaisesRegex(
            UserError, r"This label is for .*Test Flour.*not for .*Compressor"
        ):
            self._parse(f"(01){GTIN}(10)ABC123", product=self.product_serial)

    # malformed
    def test_malformed_scans_raise_clear_errors(self):
        cases = {
            "": "The scan is empty",
            "   ": "The scan is empty",
            "AB\x00C": "control characters",
            "x" * 600: "600 characters long",
            "(01)09521234543214(10)ABC": "wrong check digit",
            f"(01){GTIN}(17)261340": r"“261340” of AI \(17\) is not a valid date \(YYMMDD\)",
            f"(01){GTIN}(17)261130(17)261231": r"AI \(17\) appears twice",
            f"]d201{GTIN}99zz": "cannot be read",
            "https://example.com/10/ABC123": "not a GS1 Digital Link",
            "https://example.com/AQnYUc1gmJAAgA": "compressed Digital Links are not supported",
            f"https://example.com/01/{GTIN}/21/1/10/ABC": "not in GS1 order",
            f"https://example.com/01/{GTIN}?21=12": r"AI \(21\) cannot be a query attribute",
            "https://example.com/01/123/10/ABC": r"value “123” of AI \(01\)",
            f"https://example.com/01/{GTIN}?17=2612": r"value “2612” of AI \(17\)",
            "http://[::1/01/x": "not a valid web address",
            "\ud800LOT": "not text",
        }
        for code, message in cases.items():
            with self.subTest(code=code), self.assertRaisesRegex(UserError, message):
                self._parse(code)

    def test_random_strings_parse_or_raise_user_error(self):
        """1,000 random scans: each parses or raises UserError, never another exception."""
        rng = random.Random(20260101)
        alphabet = "0123456789" * 4 + "ABCXYZabcxyz-./%&+?=#()][ " + GS + "\x00\x07\x7f\u00e9\u2603"
        pieces = [
            "01",
            GTIN,
            "10",
            "17",
            "11",
            "21",
            "(10)",
            "]d2",
            "https://x.org/01/",
            "?17=",
            "/10/",
        ]
        parsed = refused = 0
        for _i in range(1000):
            parts = [
                rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet)
                for _j in range(rng.randint(0, 40))
            ]
            code = "".join(parts)
            try:
                result = self._parse(code)
            except UserError:
                refused += 1
            else:
                parsed += 1
                self.assertIn("lot_name", result)
        self.assertEqual(parsed + refused, 1000)
        self.assertTrue(parsed and refused, (parsed, refused))
