# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestSplit(GenealogyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch = cls._create_lot(cls.cookie_batch, "COOKIES-7", 20)
        cls.virtual_location = cls.env.ref("lot_traceability.stock_location_lot_transformation")

    def _on_hand(self, lot, location=None):
        return self.env["stock.quant"]._get_available_quantity(
            lot.product_id, location or self.stock_location, lot_id=lot, strict=True
        )

    def _transformations(self):
        return self.env["stock.lot.transformation"].search(
            [("input_lot_ids", "in", self.batch.ids)]
        )

    def _assert_nothing_written(self):
        self.assertFalse(self._transformations())
        self.assertEqual(self._on_hand(self.batch), 20)
        self.assertFalse(
            self.env["stock.lot"].search([("name", "=like", "COOKIES-7-%")]), "no unit lot created"
        )

    def test_split_equal_units_same_product(self):
        units = self._split(self.batch, unit_count=3, unit_quantity=5)
        self.assertEqual(units.mapped("name"), ["COOKIES-7-001", "COOKIES-7-002", "COOKIES-7-003"])
        self.assertEqual(units.product_id, self.cookie_batch)
        self.assertEqual([self._on_hand(unit) for unit in units], [5, 5, 5])
        self.assertEqual(self._on_hand(self.batch), 5, "partial split: the rest stays in the batch")

    def test_split_and_print_labels_of_all_units(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 3, "unit_quantity": 2}
        )
        action = wizard.action_split_and_print()
        units = self.env["stock.lot"].search([("name", "=like", "COOKIES-7-%")])
        self.assertEqual(len(units), 3)
        self.assertEqual(action["report_name"], "lot_traceability.report_lot_label_57x32")
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(units.ids))

    def test_split_moves_go_through_the_virtual_location(self):
        units = self._split(self.batch, unit_count=2, unit_quantity=5)
        transformation = self._transformations()
        self.assertEqual(transformation.transformation_type, "split")
        self.assertEqual(transformation.input_lot_ids, self.batch)
        self.assertEqual(transformation.output_lot_ids, units)
        self.assertEqual(set(transformation.move_ids.mapped("state")), {"done"})
        consumed = transformation.move_line_ids.filtered(lambda ml: ml.lot_id == self.batch)
        self.assertEqual(consumed.location_dest_id, self.virtual_location)
        produced = transformation.move_line_ids - consumed
        self.assertEqual(produced.location_id, self.virtual_location)
        self.assertEqual(produced.consume_line_ids, consumed, "Odoo's own link relation")
        self.assertEqual(self.virtual_location.usage, "production")

    def test_odoo_traceability_report_follows_the_split(self):
        units = self._split(self.batch, unit_count=2, unit_quantity=5)
        transformation = self._transformations()
        report = self.env["stock.traceability.report"]
        lines = report.with_context(active_id=units[0].id, model="stock.lot").get_lines()
        produced = [line for line in lines if line["reference"] == transformation.name]
        self.assertEqual(len(produced), 1)
        self.assertEqual(produced[0]["res_model"], "stock.lot.transformation")
        self.assertTrue(produced[0]["unfoldable"])
        upstream = report.get_lines(
            produced[0]["id"],
            model_id=produced[0]["model_id"],
            model_name="stock.move.line",
            level=1,
        )
        self.assertEqual([line["lot_id"] for line in upstream], [self.batch.id])
        self.assertTrue(upstream[0]["is_used"], "the batch line leads downstream to the units")

    def test_split_list_of_quantities(self):
        units = self._split(self.batch, split_mode="list", quantity_list="5, 2.5;1")
        self.assertEqual([self._on_hand(unit) for unit in units], [5, 2.5, 1])
        self.assertEqual(self._on_hand(self.batch), 11.5)

    def test_split_into_unit_product_with_factor(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {
                "lot_id": self.batch.id,
                "unit_product_id": self.cookie_tray.id,
                "unit_factor": 0.5,
                "unit_count": 8,
                "unit_quantity": 1,
            }
        )
        self.assertEqual(wizard.consumed_quantity, 4)
        trays = self.env["stock.lot"].search(wizard.action_split()["domain"])
        self.assertEqual(len(trays), 8)
        self.assertEqual(trays.product_id, self.cookie_tray)
        self.assertEqual(self._on_hand(self.batch), 16)
        self.assertEqual(sum(self._on_hand(tray) for tray in trays), 8)

    def test_second_split_continues_numbering(self):
        self._split(self.batch, unit_count=2, unit_quantity=1)
        units = self._split(self.batch, unit_count=1, unit_quantity=1)
        self.assertEqual(units.name, "COOKIES-7-003")

    def test_split_names_from_numbering_rule(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 2, "unit_quantity": 1, "naming": "rule"}
        )
        expected = self.cookie_batch._propose_lot_names(2)
        units = self.env["stock.lot"].search(wizard.action_split()["domain"], order="id")
        self.assertEqual(units.mapped("name"), expected)

    def test_split_by_traceability_user(self):
        wizard = (
            self.env["stock.lot.split.wizard"]
            .with_user(self.trace_user)
            .create({"lot_id": self.batch.id, "unit_count": 2, "unit_quantity": 3})
        )
        wizard.action_split()
        self.assertEqual(self._on_hand(self.batch), 14)

    def test_refuse_above_on_hand(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 3, "unit_quantity": 8}
        )
        with self.assertRaisesRegex(
            UserError, r"Only 20.0 kg of lot COOKIES-7 are on hand in .*24"
        ):
            wizard.action_split()
        self._assert_nothing_written()

    def test_preview_refuses_more_than_on_hand_in_a_sentence(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 3, "unit_quantity": 8}
        )
        self.assertFalse(wizard.preview_ok)
        self.assertRegex(
            wizard.preview,
            r"^Only 20.0 kg of lot COOKIES-7 are on hand in .*Stock: 24.0 kg cannot be taken\.$",
        )
        wizard.unit_quantity = 5
        self.assertTrue(wizard.preview_ok)
        self.assertEqual(
            wizard.preview,
            "3 units of Test Cookie Batch, 5.00 kg each: 15.00 kg taken from the batch, "
            "5.00 kg stay in it.",
        )

    def test_preview_of_bad_input_is_the_message_alone(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "split_mode": "list", "quantity_list": "5, x"}
        )
        self.assertFalse(wizard.preview_ok)
        self.assertEqual(wizard.preview, "x is not a quantity: use numbers separated by commas.")
        wizard.quantity_list = "5, -2"
        self.assertEqual(wizard.preview, "Every unit quantity must be positive: -2.0 is not.")
        wizard.write({"split_mode": "equal", "unit_count": 0})
        self.assertEqual(wizard.preview, "The number of units must be at least 1.")
        self.assertEqual(wizard.consumed_quantity, 0.0)

    def test_default_unit_product_is_the_one_split_into_last_time(self):
        wizard = self.env["stock.lot.split.wizard"].create({"lot_id": self.batch.id})
        self.assertEqual(wizard.unit_product_id, self.cookie_batch, "never split: the batch's")
        self._split(
            self.batch,
            unit_product_id=self.cookie_tray.id,
            unit_factor=0.5,
            unit_count=2,
            unit_quantity=4,
        )
        other_batch = self._create_lot(self.cookie_batch, "COOKIES-8", 10)
        wizard = self.env["stock.lot.split.wizard"].create({"lot_id": other_batch.id})
        self.assertEqual(wizard.unit_product_id, self.cookie_tray)
        self.assertEqual(wizard.unit_factor, 0.5, "with the factor of that split")

    def test_refuse_zero_quantity(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 2, "unit_quantity": 0}
        )
        with self.assertRaisesRegex(UserError, "Every unit quantity must be positive: 0.0"):
            wizard.action_split()
        self._assert_nothing_written()

    def test_refuse_negative_quantity_in_list(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "split_mode": "list", "quantity_list": "5, -1"}
        )
        with self.assertRaisesRegex(UserError, "Every unit quantity must be positive: -1.0"):
            wizard.action_split()
        self._assert_nothing_written()

    def test_refuse_bad_quantity_list(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "split_mode": "list", "quantity_list": "5, five"}
        )
        with self.assertRaisesRegex(UserError, "five is not a quantity"):
            wizard.action_split()
        self._assert_nothing_written()

    def test_refuse_zero_units(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 0, "unit_quantity": 1}
        )
        with self.assertRaisesRegex(UserError, "The number of units must be at least 1"):
            wizard.action_split()
        self._assert_nothing_written()

    def test_refuse_lot_not_available(self):
        self.batch.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        wizard = self.env["stock.lot.split.wizard"].create(
            {"lot_id": self.batch.id, "unit_count": 2, "unit_quantity": 1}
        )
        with self.assertRaisesRegex(UserError, r"COOKIES-7.*cannot be split.*Quarantine.*Lab test"):
            wizard.action_split()
        self._assert_nothing_written()

    def test_refuse_serial_unit_with_quantity_above_one(self):
        wizard = self.env["stock.lot.split.wizard"].create(
            {
                "lot_id": self.batch.id,
                "unit_product_id": self.product_serial.id,
                "unit_factor": 1,
                "unit_count": 2,
                "unit_quantity": 2,
            }
        )
        with self.assertRaisesRegex(
            UserError, "tracked by serial numbers: each unit holds exactly 1"
        ):
            wizard.action_split()
        self._assert_nothing_written()

    def test_wizard_defaults_to_the_location_with_stock(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf 9", "location_id": self.stock_location.id}
        )
        lot = self._create_lot(self.cookie_batch, "COOKIES-8", 3, location=shelf)
        wizard = Form(self.env["stock.lot.split.wizard"].with_context(default_lot_id=lot.id))
        self.assertEqual(wizard.location_id, shelf)
        self.assertEqual(wizard.available_quantity, 3)

    def test_action_from_lot_form(self):
        action = self.batch.action_open_split_wizard()
        self.assertEqual(action["res_model"], "stock.lot.split.wizard")
        self.assertEqual(action["context"]["default_lot_id"], self.batch.id)

    def test_units_of_two_products_never_share_a_name(self):
        """Issue #19: a batch split into units of its own product, then into trays, gave two
        lots named COOKIES-7-001 (a plain-name scan then found nothing)."""
        units = self._split(self.batch, unit_count=2, unit_quantity=1)
        trays = self._split(
            self.batch, unit_product_id=self.cookie_tray.id, unit_count=2, unit_quantity=1
        )
        self.assertEqual(units.mapped("name"), ["COOKIES-7-001", "COOKIES-7-002"])
        self.assertEqual(trays.mapped("name"), ["COOKIES-7-003", "COOKIES-7-004"])
        self.assertEqual(trays.product_id, self.cookie_tray)

    def test_refuse_split_whose_rule_names_are_taken_by_another_product(self):
        rule = self.env["stock.lot.numbering.rule"].create(
            {"name": "Trays", "pattern": "TRAY-{seq}", "padding": 2}
        )
        self.cookie_tray.lot_numbering_rule_id = rule
        self._create_lot(self.flour, "TRAY-01", 1)
        wizard = self.env["stock.lot.split.wizard"].create(
            {
                "lot_id": self.batch.id,
                "unit_product_id": self.cookie_tray.id,
                "unit_count": 2,
                "unit_quantity": 1,
                "naming": "rule",
            }
        )
        with self.assertRaisesRegex(UserError, "unit name TRAY-01 is already used by another lot"):
            wizard.action_split()
        self.assertFalse(self._transformations())
        self.assertEqual(self._on_hand(self.batch), 20)
        self.assertFalse(self.env["stock.lot"].search([("product_id", "=", self.cookie_tray.id)]))

    def test_units_keep_the_batch_production_date_shift_and_line(self):
        line = self.env["stock.lot.production.line"].create({"name": "Oven 3", "code": "O3"})
        self.batch.write(
            {"production_date": "2026-11-15", "shift": "B", "production_line_id": line.id}
        )
        units = self._split(
            self.batch, unit_product_id=self.cookie_tray.id, unit_count=2, unit_quantity=1
        )
        self.assertEqual(set(units.mapped("production_date")), {self.batch.production_date})
        self.assertEqual(set(units.mapped("shift")), {"B"})
        self.assertEqual(units.production_line_id, line)


@tagged("post_install", "-at_install")
class TestMerge(GenealogyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._create_lot(cls.flour, "FLOUR-A", 10)
        cls.lot_b = cls._create_lot(cls.flour, "FLOUR-B", 6)

    def test_merge_two_lots_into_new_lot(self):
        merged = self._merge(self.lot_a | self.lot_b, "FLOUR-AB")
        self.assertEqual(merged.name, "FLOUR-AB")
        self.assertEqual(merged.product_qty, 16)
        self.assertEqual(self.lot_a.product_qty, 0)
        self.assertEqual(merged._get_upstream_lots(), merged | self.lot_a | self.lot_b)
        links = merged._get_genealogy_links("upstream")
        self.assertEqual(
            {(link["lot_id"], link["quantity"]) for link in links if link["depth"] == 1},
            {(self.lot_a.id, 10), (self.lot_b.id, 6)},
        )

    def test_partial_merge(self):
        merged = self._merge(self.lot_a | self.lot_b, "FLOUR-AB2", quantities=[4, 6])
        self.assertEqual(merged.product_qty, 10)
        self.assertEqual(self.lot_a.product_qty, 6)

    def test_refuse_lots_of_several_products(self):
        butter = self._create_lot(self.butter, "BUTTER-X", 3)
        with self.assertRaisesRegex(UserError, "Only lots of one product can be merged"):
            self.env["stock.lot.merge.wizard"].with_context(
                active_model="stock.lot", active_ids=(self.lot_a | butter).ids
            ).default_get(["line_ids"])

    def test_refuse_unavailable_lot(self):
        self.lot_b.write({"trace_status": "blocked", "trace_status_reason": "Mould"})
        with self.assertRaisesRegex(UserError, r"FLOUR-B.*cannot be merged.*Blocked.*Mould"):
            self._merge(self.lot_a | self.lot_b, "FLOUR-AB3")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "FLOUR-AB3")]))
        self.assertEqual(self.lot_b.product_qty, 6)

    def test_refuse_quantity_above_on_hand(self):
        with self.assertRaisesRegex(UserError, "Only 6.0 kg of lot FLOUR-B are on hand"):
            self._merge(self.lot_a | self.lot_b, "FLOUR-AB4", quantities=[10, 7])
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "FLOUR-AB4")]))
        self.assertFalse(
            self.env["stock.lot.transformation"].search([("input_lot_ids", "in", self.lot_b.ids)])
        )

    def test_merged_lot_takes_the_oldest_production_date(self):
        self.lot_a.production_date = "2026-11-04"
        self.lot_b.production_date = "2026-11-02"
        merged = self._merge(self.lot_a | self.lot_b, "FLOUR-AB5")
        self.assertEqual(str(merged.production_date), "2026-11-02")

    def test_refuse_existing_lot_name(self):
        with self.assertRaisesRegex(UserError, "Lot FLOUR-A of Test Flour already exists"):
            self._merge(self.lot_a | self.lot_b, "FLOUR-A")
