# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_build import BuildCommon

# what a form, a paste or an RPC call may send for a number: each is refused with a message
# (a few, e.g. -1, only by the operation itself), never a traceback, and nothing is written
NAN, INF = float("nan"), float("inf")
BAD_FLOATS = [NAN, INF, -INF, 1e308, -1e308, "nan", "1e999", "", "abc", 10**400]
BAD_COUNTS = [NAN, INF, 1e308, "1e999", "", 10**12, 10**400, 2.5]
BAD_TEXTS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e999", "-1", "0"]


@tagged("post_install", "-at_install")
class TestInputValidation(BuildCommon):
    """A bounded fuzz of every numeric input of the wizards and the scanner, as a
    Traceability user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour_lot_2 = cls._create_lot(cls.flour, "FLOUR-2", 20)

    def _written(self):
        return [
            self.env[model].sudo().search_count([])
            for model in ("stock.lot", "stock.move", "stock.lot.transformation", "mrp.production")
        ]

    def _assert_refused(self, value, function):
        """``function`` refuses ``value`` with a UserError/ValidationError carrying a message
        and writes nothing."""
        before = self._written()
        with self.subTest(value=value):
            with self.assertRaises(UserError) as catcher:  # ValidationError included
                function()
            self.assertTrue(catcher.exception.args[0], f"a message for {value!r}")
            self.assertNotIn("Traceback", catcher.exception.args[0])
            self.assertEqual(self._written(), before, f"nothing written for {value!r}")

    # ------------------------------------------------------------------ bulk add
    def _bulk_add(self, **vals):
        return (
            self.env["stock.lot.bulk.add"]
            .with_user(self.trace_user)
            .create(
                {
                    "product_id": self.flour.id,
                    "receive": True,
                    "location_dest_id": self.stock_location.id,
                    **vals,
                }
            )
        )

    def test_bulk_add_pasted_quantities(self):
        for text in [*BAD_TEXTS, "abc", "1,5,3", "1e9999999"]:
            wizard = self._bulk_add(input_text=f"NEW-LOT;{text}")
            with self.subTest(text=text):
                # the preview lists the line with its reason: no traceback
                self.assertEqual(wizard.error_count, 1, wizard.preview_html)
                self.assertIn("<td>1</td>", wizard.preview_html)
            self._assert_refused(text, wizard.action_confirm)
        __, errors = self._bulk_add(input_text="NEW-LOT;nan\nNEW-LOT-2;1e999")._parse_input()
        self.assertEqual(
            [(line_no, message) for line_no, __, message in errors],
            [
                (1, "Quantity: nan is not a finite number."),
                (2, "Quantity: inf is not a finite number."),
            ],
        )

    def test_bulk_add_generate(self):
        for value in [*BAD_COUNTS, -1, 0]:
            self._assert_refused(
                value, lambda value=value: self._bulk_add(generate_count=value).action_generate()
            )
        for value in [*BAD_FLOATS, -1]:
            self._assert_refused(
                value,
                lambda value=value: self._bulk_add(generate_quantity=value).action_generate(),
            )

    # ------------------------------------------------------------------ split
    def _split_wizard(self, **vals):
        return (
            self.env["stock.lot.split.wizard"]
            .with_user(self.trace_user)
            .create({"lot_id": self.flour_lot.id, **vals})
        )

    def test_split_numbers(self):
        for value in [*BAD_FLOATS, -1]:
            self._assert_refused(
                value,
                lambda value=value: self._split_wizard(
                    unit_count=2, unit_quantity=value
                ).action_split(),
            )
            self._assert_refused(
                value,
                lambda value=value: self._split_wizard(
                    unit_product_id=self.butter.id, unit_count=2, unit_quantity=1, unit_factor=value
                ).action_split(),
            )
        for value in [*BAD_COUNTS, -1]:
            self._assert_refused(
                value,
                lambda value=value: self._split_wizard(
                    unit_count=value, unit_quantity=1
                ).action_split(),
            )
        wizard = self._split_wizard(unit_count=2, unit_quantity=1)
        for value in (NAN, "1e999"):
            self._assert_refused(value, lambda value=value: wizard.write({"unit_quantity": value}))
        self.assertEqual(wizard.unit_quantity, 1)

    def test_split_quantity_list(self):
        for text in BAD_TEXTS:
            wizard = self._split_wizard(split_mode="list", quantity_list=f"5, {text}")
            if text in ("-1", "0"):  # refused by the split itself (a unit must hold something)
                self._assert_refused(text, wizard.action_split)
                continue
            with self.subTest(text=text):
                self.assertFalse(wizard.consumed_quantity)
                self.assertIn("Quantity 2", wizard.preview)
            self._assert_refused(text, wizard.action_split)
        wizard = self._split_wizard(split_mode="list", quantity_list="2, nan")
        self.assertEqual(wizard.preview, "Quantity 2: nan is not a finite number.")

    # ------------------------------------------------------------------ merge
    def test_merge_line_quantities(self):
        lots = self.flour_lot | self.flour_lot_2
        Merge = (
            self.env["stock.lot.merge.wizard"]
            .with_user(self.trace_user)
            .with_context(active_model="stock.lot", active_ids=lots.ids)
        )
        for value in [*BAD_FLOATS, -1]:

            def merge(value=value):
                wizard = Merge.create({"lot_name": "MERGED-FUZZ"})
                wizard.line_ids[0].write({"quantity": value})  # as RPC does
                wizard.action_merge()

            self._assert_refused(value, merge)

    # ------------------------------------------------------------------ build
    def test_build_quantities(self):
        Build = self.env["stock.lot.build"].with_user(self.trace_user)
        for product in (self.cookie, self.assembly):
            for value in [*BAD_FLOATS, -1]:
                self._assert_refused(
                    value,
                    lambda value=value, product=product: Build.create(
                        {"product_id": product.id, "product_qty": value}
                    ).action_confirm(),
                )
        self._assert_refused(
            10**6,
            lambda: Build.create({"product_id": self.assembly.id, "product_qty": 10**6}),
        )
        for value in [*BAD_FLOATS, -1]:

            def build_line(value=value):
                build = Build.create({"product_id": self.cookie.id})
                for code in ("FLOUR-1", "BUTTER-1", "SUGAR-1"):
                    build.action_scan(code)
                build.line_ids[0].write({"quantity": value})  # as RPC does
                build.action_confirm_anyway()

            self._assert_refused(value, build_line)

    # ------------------------------------------------------------------ scanner
    def test_scanner_card_ids(self):
        Scanner = self.env["stock.lot.scanner"].with_user(self.trace_user)
        for value in [NAN, INF, 1e308, 10**30, -1, "1", "abc", None, True, [1]]:
            self._assert_refused(value, lambda value=value: Scanner.action_from_card(value, "open"))
        self.assertEqual(
            Scanner.action_from_card(self.flour_lot.id, "open")["res_id"], self.flour_lot.id
        )
