# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common_lots import LotsCommon


@tagged("post_install", "-at_install")
class TestLotNumbering(LotsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["stock.lot.numbering.rule"]
        cls.rule_daily = cls.Rule.create(
            {
                "name": "Daily batches",
                "pattern": "{product_code}-{yy}{doy}-{shift}{line}-{seq}",
                "padding": 3,
                "reset": "daily",
            }
        )
        cls.rule_global = cls.Rule.create(
            {"name": "Serials", "pattern": "SN{year}{month}{day}-{seq}", "padding": 4}
        )
        cls.product_lot.default_code = "FLR"
        cls.product_lot.lot_numbering_rule_id = cls.rule_daily
        cls.line = cls.env["stock.lot.production.line"].create(
            {"name": "Oven line 2", "code": "L2"}
        )
        cls.day_1 = date(2026, 3, 2)  # day 061
        cls.day_2 = date(2026, 3, 3)

    def test_pattern_tokens_and_padding(self):
        names = self.product_lot._propose_lot_names(
            2, {"production_date": self.day_1, "shift": "A", "production_line": self.line}
        )
        self.assertEqual(names, ["FLR-26061-AL2-001", "FLR-26061-AL2-002"])

    def test_daily_reset(self):
        values = {"production_date": self.day_1}
        self.assertEqual(self.product_lot._propose_lot_names(1, values), ["FLR-26061--001"])
        self.assertEqual(self.product_lot._propose_lot_names(1, values), ["FLR-26061--002"])
        self.assertEqual(
            self.product_lot._propose_lot_names(1, {"production_date": self.day_2}),
            ["FLR-26062--001"],
        )

    def test_global_sequence_goes_on_across_days(self):
        self.product_serial.lot_numbering_rule_id = self.rule_global
        first = self.product_serial._propose_lot_names(2, {"production_date": self.day_1})
        second = self.product_serial._propose_lot_names(1, {"production_date": self.day_2})
        self.assertEqual(first + second, ["SN20260302-0001", "SN20260302-0002", "SN20260303-0003"])

    def test_existing_names_are_skipped(self):
        self._create_lot(self.product_lot, "FLR-26061--001")
        names = self.product_lot._propose_lot_names(2, {"production_date": self.day_1})
        self.assertEqual(names, ["FLR-26061--002", "FLR-26061--003"])

    def test_long_run_of_existing_names_is_skipped(self):
        for number in range(1, 21):
            self._create_lot(self.product_lot, f"FLR-26061--{number:03d}")
        names = self.product_lot._propose_lot_names(1, {"production_date": self.day_1})
        self.assertEqual(names, ["FLR-26061--021"])

    def test_category_rule_then_parent_category_then_odoo_default(self):
        parent = self.env["product.category"].create({"name": "Food"})
        child = self.env["product.category"].create({"name": "Dairy", "parent_id": parent.id})
        butter = self.env["product.product"].create(
            {
                "name": "Butter",
                "default_code": "BTR",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": child.id,
            }
        )
        self.assertFalse(butter._get_lot_numbering_rule())
        self._create_lot(butter, "BUTTER-0041")
        self.assertEqual(butter._propose_lot_names(1), ["BUTTER-0042"], "Odoo's default")
        parent.lot_numbering_rule_id = self.rule_global
        self.assertEqual(butter._get_lot_numbering_rule(), self.rule_global)
        child.lot_numbering_rule_id = self.rule_daily
        self.assertEqual(butter._get_lot_numbering_rule(), self.rule_daily)
        butter.lot_numbering_rule_id = self.rule_global
        self.assertEqual(butter._get_lot_numbering_rule(), self.rule_global, "product first")

    def test_rule_of_another_company_is_skipped(self):
        other_company = self.env["res.company"].create({"name": "Other Bakery Co"})
        self.rule_daily.company_id = other_company
        self.assertFalse(self.product_lot._get_lot_numbering_rule(self.env.company))
        self.assertEqual(self.product_lot._get_lot_numbering_rule(other_company), self.rule_daily)

    def test_invalid_patterns_refused(self):
        with self.assertRaisesRegex(ValidationError, r"must contain the \{seq\} token"):
            self.Rule.create({"name": "No seq", "pattern": "LOT-{year}"})
        with self.assertRaisesRegex(ValidationError, r"Unknown token \{week\}"):
            self.Rule.create({"name": "Week", "pattern": "LOT-{week}-{seq}"})
        with self.assertRaisesRegex(ValidationError, "malformed"):
            self.Rule.create({"name": "Brace", "pattern": "LOT-{seq"})

    def test_receipt_generate_uses_rule_when_first_number_is_empty(self):
        self.product_serial.lot_numbering_rule_id = self.rule_global
        today = fields.Date.context_today(self.rule_global).strftime("%Y%m%d")
        receipt = self._create_picking(self.warehouse.in_type_id, self.product_serial, 3)
        vals = self.env["stock.move"].action_generate_lot_line_vals(
            {
                "default_product_id": self.product_serial.id,
                "default_location_dest_id": self.stock_location.id,
                "default_location_id": self.supplier_location.id,
                "default_tracking": "serial",
                "default_quantity": 3,
                "default_picking_id": receipt.id,
                "default_company_id": self.env.company.id,
            },
            "generate",
            "",
            3,
            "",
        )
        self.assertEqual(
            [line["lot_name"] for line in vals],
            [f"SN{today}-0001", f"SN{today}-0002", f"SN{today}-0003"],
        )

    def test_receipt_generate_keeps_a_typed_first_number(self):
        self.product_serial.lot_numbering_rule_id = self.rule_global
        vals = self.env["stock.move"].action_generate_lot_line_vals(
            {
                "default_product_id": self.product_serial.id,
                "default_location_dest_id": self.stock_location.id,
                "default_tracking": "serial",
                "default_quantity": 2,
            },
            "generate",
            "TYPED-7",
            2,
            "",
        )
        self.assertEqual([line["lot_name"] for line in vals], ["TYPED-7", "TYPED-8"])

    def test_manufacturing_order_serial_from_rule(self):
        self.product_cake.lot_numbering_rule_id = self.rule_daily
        self._create_lot(self.product_lot, "FLOUR-OK", 10)
        production = self._create_cake_production()
        production.action_generate_serial()
        today = fields.Date.context_today(production)
        self.assertEqual(production.lot_producing_id.name, f"CAKE-{today.strftime('%y%j')}--001")
        self.assertEqual(production.lot_producing_id.production_date, today)

    def test_batch_produce_proposes_from_rule(self):
        self.product_cake.lot_numbering_rule_id = self.rule_global
        next_name = self.env["stock.lot"]._get_next_serial(self.env.company, self.product_cake)
        self.assertRegex(next_name, r"^SN\d{8}-0001$")

    def test_lot_created_without_name_is_named_by_rule(self):
        lot = self.env["stock.lot"].create(
            {"product_id": self.product_lot.id, "production_date": self.day_1, "shift": "B"}
        )
        self.assertEqual(lot.name, "FLR-26061-B-001")

    def test_lots_created_together_share_one_counter_allocation(self):
        """An import of unnamed lots draws one block of numbers per product and numbering
        values, and each lot still gets the tokens of its own values."""
        counter_class = type(self.env["stock.lot.numbering.counter"])
        with patch.object(
            counter_class, "_allocate", autospec=True, side_effect=counter_class._allocate
        ) as allocate:
            lots = self.env["stock.lot"].create(
                [
                    {"product_id": self.product_lot.id, "production_date": day, "shift": shift}
                    for day, shift in [
                        (self.day_1, "A"),
                        (self.day_1, "A"),
                        (self.day_2, "A"),
                        (self.day_1, "A"),
                        (self.day_1, "B"),
                    ]
                ]
            )
        self.assertEqual(allocate.call_count, 3, "one allocation per (day, shift)")
        self.assertEqual(
            lots.mapped("name"),
            [
                "FLR-26061-A-001",
                "FLR-26061-A-002",
                "FLR-26062-A-001",
                "FLR-26061-A-003",
                "FLR-26061-B-004",
            ],
        )

    def test_new_lot_form_proposes_rule_name(self):
        today = fields.Date.context_today(self.rule_daily).strftime("%y%j")
        form = Form(self.env["stock.lot"].with_context(default_product_id=self.product_lot.id))
        self.assertEqual(form.name, f"FLR-{today}--001")

    def test_discarded_lot_form_takes_no_number(self):
        """Issue #19: an opened-and-discarded lot form took a number from the counter."""
        today = fields.Date.context_today(self.rule_daily).strftime("%y%j")
        for _attempt in range(2):
            form = Form(self.env["stock.lot"].with_context(default_product_id=self.product_lot.id))
            self.assertEqual(form.name, f"FLR-{today}--001")
        self.assertEqual(self.rule_daily.next_number, 1)

    def test_saved_proposal_takes_its_number(self):
        today = fields.Date.context_today(self.rule_daily).strftime("%y%j")
        form = Form(self.env["stock.lot"].with_context(default_product_id=self.product_lot.id))
        form.save()
        self.assertEqual(self.rule_daily.next_number, 2)
        self.assertEqual(self.product_lot._propose_lot_names(1)[0], f"FLR-{today}--002")

    def test_typed_name_after_the_pattern_moves_the_counter_never_back(self):
        self._create_lot(self.product_lot, "FLR-26061--007", production_date=self.day_1)
        self.assertEqual(
            self.product_lot._propose_lot_names(1, {"production_date": self.day_1}),
            ["FLR-26061--008"],
        )
        self._create_lot(self.product_lot, "FLR-26061--003", production_date=self.day_1)
        self._create_lot(self.product_lot, "NOT-A-RULE-NAME-99", production_date=self.day_1)
        self.assertEqual(
            self.product_lot._propose_lot_names(1, {"production_date": self.day_1}),
            ["FLR-26061--009"],
        )

    def test_next_serial_proposal_takes_no_number(self):
        self.product_cake.lot_numbering_rule_id = self.rule_global
        Lot = self.env["stock.lot"]
        first = Lot._get_next_serial(self.env.company, self.product_cake)
        self.assertEqual(Lot._get_next_serial(self.env.company, self.product_cake), first)

    def test_uniqueness_still_enforced(self):
        self._create_lot(self.product_lot, "FLR-DUP")
        with self.assertRaisesRegex(ValidationError, "FLR-DUP"):
            self._create_lot(self.product_lot, "FLR-DUP")

    def test_product_form_preview(self):
        today = fields.Date.context_today(self.rule_daily).strftime("%y%j")
        template = self.product_lot.product_tmpl_id
        self.assertEqual(
            template.lot_numbering_preview,
            f"FLR-{today}--001, FLR-{today}--002, FLR-{today}--003",
        )
        self.product_lot._propose_lot_names(1)
        template.invalidate_recordset(["lot_numbering_preview"])
        self.assertTrue(template.lot_numbering_preview.startswith(f"FLR-{today}--002"))
        self.assertFalse(self.product_cake.product_tmpl_id.lot_numbering_preview)

    def test_preview_does_not_reserve_numbers(self):
        self.assertEqual(self.rule_daily.next_number, 1)
        self.assertTrue(self.rule_daily.preview)
        self.assertTrue(self.product_lot.product_tmpl_id.lot_numbering_preview)
        self.assertEqual(self.product_lot._propose_lot_names(1, {"shift": "Z"})[0][-5:], "Z-001")

    def test_counter_allocates_consecutive_blocks(self):
        Counter = self.env["stock.lot.numbering.counter"]
        self.assertEqual(list(Counter._allocate(self.rule_global, "-", 3)), [1, 2, 3])
        self.assertEqual(list(Counter._allocate(self.rule_global, "-", 2)), [4, 5])
        self.assertEqual(Counter._peek(self.rule_global, "-"), 5)


@tagged("post_install", "-at_install")
class TestLotNumberingAccess(LotsCommon):
    def test_users_use_rules_managers_configure_them(self):
        rule = (
            self.env["stock.lot.numbering.rule"]
            .with_user(self.trace_manager)
            .create({"name": "Managed", "pattern": "M-{seq}", "padding": 2})
        )
        with self.assertRaises(AccessError):
            rule.with_user(self.trace_user).write({"pattern": "U-{seq}"})
        with self.assertRaises(AccessError):
            self.env["stock.lot.numbering.rule"].with_user(self.trace_user).create(
                {"name": "Mine", "pattern": "U-{seq}"}
            )
        self.product_lot.lot_numbering_rule_id = rule
        names = self.product_lot.with_user(self.trace_user)._propose_lot_names(2)
        self.assertEqual(names, ["M-01", "M-02"])

    def test_rules_of_other_companies_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        rule = self.env["stock.lot.numbering.rule"].create(
            {"name": "Other", "pattern": "O-{seq}", "company_id": other_company.id}
        )
        visible = self.env["stock.lot.numbering.rule"].with_user(self.trace_user).search([])
        self.assertNotIn(rule, visible)
