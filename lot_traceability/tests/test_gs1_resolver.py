# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import shutil
import subprocess
import tempfile
import unittest
from datetime import datetime
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import TraceabilityCommon

GTIN = "09521234543213"
# What the story knows about the lots and the public page must never show.
PRIVATE = (
    "Secret Customer Ltd",
    "Hidden Supplier GmbH",
    "Cold Room 7",
    "FLOUR-T55",
    "INTREF-42",
    "37.0",
    "Mouldy smell",
)


@tagged("post_install", "-at_install")
class TestGs1Resolver(HttpCase, TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].create({"name": "Secret Customer Ltd"})
        supplier = cls.env["res.partner"].create({"name": "Hidden Supplier GmbH"})
        cold_room = cls.env["stock.location"].create(
            {"name": "Cold Room 7", "location_id": cls.stock_location.id}
        )
        cls.product_lot.write(
            {
                "barcode": GTIN[1:],
                "default_code": "FLOUR-T55",
                "seller_ids": [(0, 0, {"partner_id": supplier.id})],
            }
        )
        cls.product_serial.barcode = "00012345678905"
        cls.lot = cls._create_lot(
            cls.product_lot,
            "ABC123",
            37,
            location=cold_room,
            ref="INTREF-42",
            expiration_date=datetime(2026, 12, 31, 12, 0),
            production_date=datetime(2026, 1, 5, 12, 0),
        )
        cls.recalled = cls._create_lot(cls.product_lot, "L24/07-A", 37, location=cold_room)
        cls.recalled.write({"trace_status": "recalled", "trace_status_reason": "Mouldy smell"})
        cls.serial = cls._create_lot(cls.product_serial, "SN0001", 1)
        cls.internal_user = new_test_user(
            cls.env,
            login="resolver_internal",
            groups="stock.group_stock_user,lot_traceability.group_traceability_user",
        )
        cls.portal_user = new_test_user(
            cls.env, login="resolver_portal", groups="base.group_portal"
        )

    def _get(self, path, **kwargs):
        return self.url_open(path, allow_redirects=False, **kwargs)

    def assertNoPrivateData(self, response):
        for text in PRIVATE:
            self.assertNotIn(text, response.text)

    def test_anonymous_sees_product_lot_and_dates(self):
        response = self._get(f"/01/{GTIN}/10/ABC123?11=260105&17=261231&utm_source=label")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test Flour", response.text)
        self.assertIn("ABC123", response.text)
        self.assertIn("01/05/2026", response.text)
        self.assertIn("12/31/2026", response.text)
        self.assertNotIn("do not use", response.text)
        self.assertNoPrivateData(response)

    def test_gtin_13_and_serial(self):
        response = self._get(f"/01/{GTIN[1:]}/10/ABC123")
        self.assertEqual(response.status_code, 200)
        self.assertIn("ABC123", response.text)
        response = self._get("/01/012345678905/21/SN0001")  # GTIN-12
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test Compressor", response.text)
        self.assertIn("Serial number", response.text)

    def test_recalled_lot_shows_notice(self):
        """The label of a recalled lot (percent-encoded lot name) opens the recall notice."""
        link = self.env["stock.lot.label"]._get_label_values(self.recalled, images=False)[
            "qr_payload"
        ]
        self.assertIn("/10/L24%2F07-A", link)
        response = self._get(link.split("id.gs1.org", 1)[1])
        self.assertEqual(response.status_code, 200)
        self.assertIn("L24/07-A", response.text)
        self.assertIn("Recalled — do not use", response.text)
        self.assertNoPrivateData(response)

    def test_quarantine_is_not_shown(self):
        self.lot.trace_status = "quarantine"
        response = self._get(f"/01/{GTIN}/10/ABC123")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("do not use", response.text)
        self.assertNotIn("uarantine", response.text)

    def test_unknown_gtin_or_lot_is_404(self):
        unknown_gtin = self._get("/01/09506000134352/10/ABC123")
        unknown_lot = self._get(f"/01/{GTIN}/10/NOPE")
        no_lot = self._get(f"/01/{GTIN}")
        for response in (unknown_gtin, unknown_lot, no_lot):
            self.assertEqual(response.status_code, 404)
            self.assertIn("Not found", response.text)
        # Same page whether the GTIN exists or not.
        self.assertEqual(unknown_gtin.text, unknown_lot.text)

    def test_malformed_is_400(self):
        for path in (
            "/01/09521234543214/10/ABC123",  # wrong check digit
            "/01/952123454321/10/ABC123",  # 12 digits, wrong check digit
            "/01/0952123454321X/10/ABC123",
            f"/01/{GTIN}/21/SN0001/10/ABC123",  # qualifiers out of GS1 order
            f"/01/{GTIN}/10/ABC123?17=261341",  # not a date
            f"/01/{GTIN}/10/ABC123/99/x",
        ):
            response = self._get(path)
            self.assertEqual(response.status_code, 400, path)
            self.assertIn("Invalid code", response.text)

    def test_internal_user_is_taken_to_the_lot(self):
        self.authenticate("resolver_internal", "resolver_internal")
        response = self._get(f"/01/{GTIN}/10/ABC123")
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/odoo/action-stock.action_production_lot_form/{self.lot.id}"
            )
        )

    def test_portal_user_sees_the_public_page(self):
        self.authenticate("resolver_portal", "resolver_portal")
        response = self._get(f"/01/{GTIN}/10/L24%2F07-A")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Recalled — do not use", response.text)
        self.assertNoPrivateData(response)

    def test_use_this_server_as_resolver(self):
        settings = self.env["res.config.settings"].create({})
        settings.action_lot_traceability_use_own_resolver()
        base_url = self.env["ir.config_parameter"].get_param("web.base.url")
        link = self.env["stock.lot.label"]._get_label_values(self.lot, images=False)["qr_payload"]
        self.assertTrue(link.startswith(f"{base_url}/01/{GTIN}/10/ABC123"))
        response = self.url_open(link, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        with self.assertRaises(AccessError):
            settings.with_user(self.internal_user).action_lot_traceability_use_own_resolver()

    def test_same_gtin_and_lot_in_two_companies(self):
        """Another company's lot with the same GTIN and name: the page shows only what both
        share (product, lot; dates only when equal), the recall notice when either is
        recalled; an internal user is taken to the one lot they may read."""
        other_company = self.env["res.company"].create({"name": "Other Company SA"})
        self.product_lot.company_id = self.env.company
        other_product = self.env["product.product"].create(
            {
                "name": "Test Flour",
                "is_storable": True,
                "tracking": "lot",
                "barcode": GTIN,
                "company_id": other_company.id,
            }
        )
        other_lot = self._create_lot(
            other_product,
            "ABC123",
            company_id=other_company.id,
            expiration_date=datetime(2027, 6, 30, 12, 0),
        )
        other_lot.trace_status = "recalled"
        response = self._get(f"/01/{GTIN}/10/ABC123")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test Flour", response.text)
        self.assertIn("Recalled — do not use", response.text)
        self.assertNotIn("12/31/2026", response.text)
        self.assertNotIn("06/30/2027", response.text)
        self.assertNotIn("Other Company SA", response.text)
        self.assertNoPrivateData(response)
        self.authenticate("resolver_internal", "resolver_internal")
        response = self._get(f"/01/{GTIN}/10/ABC123")
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/odoo/action-stock.action_production_lot_form/{self.lot.id}"
            )
        )

    # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores header/footer switches.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    @unittest.skipUnless(
        shutil.which("pdftoppm") and shutil.which("zbarimg"), "no pdftoppm/zbarimg"
    )
    def test_recalled_label_scanned_opens_the_recall_notice(self):
        """Done when: a recalled lot's printed label, its QR code read by a camera, opens
        this server's resolver page with the recall notice."""
        self.env["res.config.settings"].create({}).action_lot_traceability_use_own_resolver()
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("lot_traceability.action_report_lot_label_57x32", self.recalled.ids)
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp)
            (path / "label.pdf").write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    *("-r", "300", "-gray", "-png", "-singlefile"),
                    str(path / "label.pdf"),
                    str(path / "label"),
                ],
                check=True,
                timeout=120,
            )
            scan = subprocess.run(
                ["zbarimg", "-q", "--raw", str(path / "label.png")],
                capture_output=True,
                timeout=120,
                check=False,
            ).stdout.decode()
        links = [line for line in scan.splitlines() if "/01/" in line]
        base_url = self.env["ir.config_parameter"].get_param("web.base.url")
        self.assertEqual(links, [f"{base_url}/01/{GTIN}/10/L24%2F07-A"])
        response = self.url_open(links[0], allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Recalled — do not use", response.text)
        self.assertIn("L24/07-A", response.text)
