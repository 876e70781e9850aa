# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_serials import SerialsCommon


@tagged("post_install", "-at_install")
class TestItemDetails(SerialsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.component = cls.env["stock.lot"].create(
            {"name": "SN-PART", "product_id": cls.product_serial.id}
        )
        cls.receipt = cls._receive(cls.component, cls._date(1))
        cls.production, cls.finished = cls._produce("UNIT-1", cls._date(2))
        cls.delivery = cls._deliver(cls.finished, cls._date(3))
        cls.Report = cls.env["report.lot_traceability.report_lot_item_details"]

    def _details(self, lot):
        return self.Report._get_report_values(lot.ids)["details"][lot.id]

    def test_component_story(self):
        details = self._details(self.component)
        self.assertEqual(
            [(o["kind"], o["partner"], o["document"]) for o in details["origins"]],
            [("receipt", self.supplier, self.receipt)],
        )
        self.assertEqual(
            [(f["lot"], f["document"]) for f in details["finished"]],
            [(self.finished, self.production)],
        )
        self.assertEqual(
            [(d["partner"], d["document"], d["via"], d["quantity"]) for d in details["deliveries"]],
            [(self.customer, self.delivery, self.finished, 1.0)],
        )
        self.assertEqual(details["transactions"].mapped("event_type"), ["receipt", "consumption"])
        self.assertFalse(details["on_hand"])

    def test_finished_lot_story(self):
        details = self._details(self.finished)
        (origin,) = details["origins"]
        self.assertEqual((origin["kind"], origin["document"]), ("production", self.production))
        self.assertEqual(
            [(c["product"], c["lot"], c["quantity"]) for c in origin["components"]],
            [(self.product_serial, self.component, 1.0)],
        )
        self.assertEqual(
            [(d["partner"], d["quantity"], d["via"]) for d in details["deliveries"]],
            [(self.customer, 1.0, self.env["stock.lot"])],
        )

    def test_on_hand_and_customer_return(self):
        lot = self.env["stock.lot"].create(
            {"name": "FLOUR-DETAILS", "product_id": self.product_lot.id}
        )
        self._transfer(
            lot,
            self.supplier_location,
            self.shelf,
            self.warehouse.in_type_id,
            self.supplier,
            self._date(1),
            quantity=50,
        )
        self._transfer(
            lot,
            self.shelf,
            self.customer_location,
            self.warehouse.out_type_id,
            self.customer,
            self._date(2),
            quantity=20,
        )
        self._transfer(
            lot,
            self.customer_location,
            self.stock_location,
            self.warehouse.in_type_id,
            self.customer,
            self._date(3),
            quantity=5,
        )
        details = self._details(lot)
        self.assertEqual([d["quantity"] for d in details["deliveries"]], [20.0, -5.0])
        self.assertEqual(
            sorted((q.location_id.id, q.quantity) for q in details["on_hand"]),
            sorted([(self.shelf.id, 30.0), (self.stock_location.id, 5.0)]),
        )

    def test_screen(self):
        action = self.component.with_user(self.trace_user).action_open_item_details()
        view = self.env.ref("lot_traceability.stock_lot_view_form_item_details")
        self.assertEqual(
            (action["res_id"], action["views"]), (self.component.id, [(view.id, "form")])
        )
        html = str(self.component.with_user(self.trace_user).item_details_html)
        for text in ("Compressor Works", "UNIT-1", "Bistro", self.receipt.name):
            self.assertIn(text, html)
        self.assertIn(f'href="/odoo/stock.picking/{self.receipt.id}"', html)

    # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores header/footer switches.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_renders(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("lot_traceability.action_report_lot_item_details", self.component.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_html_report_lists_the_story(self):
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "lot_traceability.action_report_lot_item_details", self.component.ids
        )
        html = html.decode()
        self.assertIn("Item Details", html)
        self.assertIn("UNIT-1", html)
        self.assertNotIn("/odoo/stock.picking/", html)

    def test_access(self):
        stock_only = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "details_stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        report = self.env.ref("lot_traceability.action_report_lot_item_details")
        self.assertIn(self.env.ref("lot_traceability.group_traceability_user"), report.groups_id)
        with self.assertRaises(AccessError):
            self.Report.with_user(stock_only)._get_report_values(self.component.ids)
