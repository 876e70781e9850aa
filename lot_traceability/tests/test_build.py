# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from ast import literal_eval
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import format_datetime

from .common_build import BuildCommon

GTIN_FLOUR = "09521234543213"


@tagged("post_install", "-at_install")
class TestCompositionList(BuildCommon):
    def test_slot_only_for_serial_components(self):
        with self.assertRaisesRegex(ValidationError, "only components tracked by serial"):
            self.bom_assembly.bom_line_ids[0].trace_slot = "Bolts"

    def test_slot_takes_exactly_one_serial(self):
        with self.assertRaisesRegex(ValidationError, "Slot Left engine takes exactly one"):
            self.bom_assembly.bom_line_ids[1].product_qty = 2

    def test_product_composition_list_action(self):
        action = self.env.ref("lot_traceability.mrp_bom_composition_action")
        boms = self.env["mrp.bom"].search(
            [
                *literal_eval(action.domain),
                ("product_tmpl_id", "=", self.assembly.product_tmpl_id.id),
            ]
        )
        self.assertEqual(boms, self.bom_assembly)


@tagged("post_install", "-at_install")
class TestBuildStories(BuildCommon):
    def test_engine_assembly(self):
        build = self._new_build(self.assembly)
        self.assertEqual(build.bom_id, self.bom_assembly)
        self.assertEqual(
            build.line_ids.mapped("trace_slot"), [False, "Left engine", "Right engine"]
        )
        self.assertEqual(build.line_ids.mapped("expected_qty"), [3.0, 1.0, 1.0])
        build.action_scan("BOLT-A")
        self.assertIn("Left engine: ENG-L1", build.action_scan("ENG-L1"))
        build.action_scan("ENG-R1")
        self.assertEqual(
            build.line_ids.mapped("lot_id"), self.bolt_lot | self.engine_left | self.engine_right
        )
        lot_name = build.unit_ids.lot_name
        self.assertTrue(lot_name)
        build.action_confirm()
        lot = self.env["stock.lot"].search(
            [("name", "=", lot_name), ("product_id", "=", self.assembly.id)]
        )
        production = self.env["mrp.production"].search([("lot_producing_id", "=", lot.id)])
        self.assertEqual(production.state, "done")
        self.assertEqual(production.bom_id, self.bom_assembly)
        self.assertEqual(
            lot.production_date,
            fields.Date.context_today(production, production.date_finished),
            "a built serial records its production date",
        )
        components = lot.trace_component_line_ids
        self.assertEqual(components.lot_id, self.bolt_lot | self.engine_left | self.engine_right)
        self.assertEqual(
            sorted(components.mapped(lambda line: (line.lot_id.name, line.quantity))),
            [("BOLT-A", 3.0), ("ENG-L1", 1.0), ("ENG-R1", 1.0)],
        )
        self.assertEqual(self._on_hand(self.bolt_lot), 97)
        self.assertEqual(self._on_hand(self.engine_left), 0)
        self.assertEqual(self._on_hand(lot), 1)
        self.assertEqual(self.engine_left.trace_used_in_line_ids.lot_id, lot)

    def test_cookie_batch(self):
        build = self._new_build(self.cookie)
        self.assertEqual(build.product_qty, 30.0)
        for code in ("FLOUR-1", "BUTTER-1", "SUGAR-1"):
            build.action_scan(code)
        self.assertEqual(build.line_ids.mapped("quantity"), [20.0, 5.0, 8.0])
        self.assertFalse(build.issue_refusals or build.issue_warnings)
        build.unit_ids.lot_name = "COOKIE-0001"
        build.action_confirm()
        batch = self.env["stock.lot"].search([("name", "=", "COOKIE-0001")])
        self.assertEqual(self._on_hand(batch), 30.0)
        self.assertEqual(self._on_hand(self.flour_lot), 30.0)
        self.assertEqual(self._on_hand(self.butter_lot), 5.0)
        self.assertEqual(self._on_hand(self.sugar_lot), 12.0)
        self.assertEqual(
            sorted(batch.trace_component_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity))),
            [("BUTTER-1", 5.0), ("FLOUR-1", 20.0), ("SUGAR-1", 8.0)],
        )
        self.assertEqual(self.sugar_lot.trace_used_in_line_ids.lot_id, batch)

    def test_lines_scaled_to_quantity(self):
        build = self._new_build(self.cookie, product_qty=45.0)
        self.assertEqual(build.line_ids.mapped("expected_qty"), [30.0, 7.5, 12.0])

    def test_two_lots_for_one_component(self):
        flour_2 = self._create_lot(self.flour, "FLOUR-2", 50)
        self.flour_lot.quant_ids.quantity = 12.0
        build = self._new_build(self.cookie)
        build.action_scan("FLOUR-1")
        build.action_scan("FLOUR-2")
        flour_lines = build.line_ids.filtered(lambda line: line.product_id == self.flour)
        self.assertEqual(flour_lines.mapped("quantity"), [12.0, 8.0])
        build.action_scan("BUTTER-1")
        build.action_scan("SUGAR-1")
        build.action_confirm()
        self.assertEqual(self._on_hand(self.flour_lot), 0.0)
        self.assertEqual(self._on_hand(flour_2), 42.0)

    def test_gs1_scan_fills_product_lot_and_expiry(self):
        self.flour.barcode = GTIN_FLOUR[1:]
        expiry = fields.Date.today() + timedelta(days=90)
        self.flour_lot.expiration_date = fields.Datetime.to_datetime(expiry)
        build = self._new_build(self.cookie)
        build.action_scan(f"(01){GTIN_FLOUR}(10)FLOUR-1(17){expiry.strftime('%y%m%d')}")
        line = build.line_ids.filtered(lambda line: line.product_id == self.flour)
        self.assertEqual(line.lot_id, self.flour_lot)
        self.assertEqual(line.quantity, 20.0)
        self.assertEqual(line.expiration_date.date(), expiry)

    def test_scan_through_the_form_onchange(self):
        with Form(self.env["stock.lot.build"]) as form:
            form.product_id = self.assembly
            form.scan_code = "ENG-R1"
            form.scan_code = "ENG-L1"
            form.scan_code = "BOLT-A"
            self.assertIn("BOLT-A", form.scan_feedback)
        build = form.record
        self.assertEqual(
            build.line_ids.mapped("lot_id"), self.bolt_lot | self.engine_right | self.engine_left
        )
        self.assertEqual(build.line_ids[1].lot_id, self.engine_right)

    def test_quantity_changes_take_no_number_confirm_takes_it(self):
        """Issue #19: every quantity change of the build wizard took numbers of the rule."""
        rule = self.env["stock.lot.numbering.rule"].create(
            {"name": "Drives", "pattern": "DRV-{seq}", "padding": 3}
        )
        self.assembly.lot_numbering_rule_id = rule
        with Form(self.env["stock.lot.build"]) as form:
            form.product_id = self.assembly
            form.product_qty = 3
            form.product_qty = 2
            form.product_qty = 1
        build = form.record
        self.assertEqual(build.unit_ids.lot_name, "DRV-001")
        self.assertEqual(rule.next_number, 1, "proposals only peek")
        for code in ("BOLT-A", "ENG-L1", "ENG-R1"):
            build.action_scan(code)
        build.action_confirm()
        self.assertEqual(rule.next_number, 2, "the created serial took its number")
        built = self.env["stock.lot"].search([("name", "=", "DRV-001")])
        self.assertEqual(built.production_date, fields.Date.context_today(built))

    def test_on_the_fly(self):
        build = self._new_build(self.assembly, bom_id=False)
        self.assertFalse(build.line_ids)
        build.action_scan("ENG-L1")
        build.action_scan("BOLT-A")
        build.action_scan("BOLT-A")
        self.assertEqual(build.line_ids.mapped("quantity"), [1.0, 2.0])
        build.action_confirm()
        production = self.env["mrp.production"].search(
            [("lot_producing_id.name", "=", build.unit_ids.lot_name)]
        )
        self.assertFalse(production.bom_id)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._on_hand(self.bolt_lot), 98.0)
        self.assertEqual(
            production.lot_producing_id.trace_component_line_ids.lot_id,
            self.engine_left | self.bolt_lot,
        )

    def test_untracked_component_by_product_barcode(self):
        nut = self.env["product.product"].create(
            {"name": "Hex Nut", "is_storable": True, "barcode": "4006381333931"}
        )
        build = self._new_build(self.assembly, bom_id=False)
        build.action_scan("4006381333931")
        build.action_scan("4006381333931")
        self.assertEqual(build.line_ids.product_id, nut)
        self.assertEqual(build.line_ids.quantity, 2.0)

    def test_mass_build_one_order_per_serial(self):
        left_2 = self._create_lot(self.engine, "ENG-L2", 1)
        right_2 = self._create_lot(self.engine, "ENG-R2", 1)
        build = self._new_build(self.assembly, product_qty=2)
        self.assertEqual(len(build.unit_ids), 2)
        self.assertEqual(len(set(build.unit_ids.mapped("lot_name"))), 2)
        self.assertEqual(build.line_ids.mapped("unit"), [1, 1, 1, 2, 2, 2])
        for code in ("BOLT-A", "ENG-L1", "ENG-R1", "BOLT-A", "ENG-L2", "ENG-R2"):
            build.action_scan(code)
        self.assertEqual(
            build.line_ids.filtered(lambda line: line.unit == 2).lot_id.ids[1:],
            [left_2.id, right_2.id],
        )
        names = build.unit_ids.sorted("unit").mapped("lot_name")
        build.action_confirm()
        first, second = (
            self.env["stock.lot"].search(
                [("name", "=", name), ("product_id", "=", self.assembly.id)]
            )
            for name in names
        )
        self.assertEqual(
            first.trace_component_line_ids.lot_id,
            self.bolt_lot | self.engine_left | self.engine_right,
        )
        self.assertEqual(second.trace_component_line_ids.lot_id, self.bolt_lot | left_2 | right_2)
        self.assertEqual(self._on_hand(self.bolt_lot), 94.0)


@tagged("post_install", "-at_install")
class TestBuildValidation(BuildCommon):
    def _ready_cookie_build(self):
        build = self._new_build(self.cookie)
        for code in ("FLOUR-1", "BUTTER-1", "SUGAR-1"):
            build.action_scan(code)
        return build

    def _assert_nothing_built(self, build, message, method="action_confirm"):
        productions = self.env["mrp.production"].search_count([])
        with self.assertRaisesRegex(UserError, message):
            getattr(build, method)()
        self.assertEqual(self.env["mrp.production"].search_count([]), productions)

    def test_unknown_scan_changes_nothing(self):
        build = self._new_build(self.assembly)
        before = build.line_ids.read(["lot_id", "quantity"])
        with self.assertRaisesRegex(UserError, "Scan NOPE-404: no lot, serial number or product"):
            build.action_scan("NOPE-404")
        self.assertEqual(build.line_ids.read(["lot_id", "quantity"]), before)

    def test_wrong_scan_in_the_form_warns_and_changes_nothing(self):
        build = self.env["stock.lot.build"].new({"product_id": self.assembly.id})
        build.scan_code = "NOPE-404"
        result = build._onchange_scan_code()
        # said inline, not in a dialog the next scan would have to close first
        self.assertIsNone(result)
        self.assertTrue(build.scan_refused)
        self.assertIn("Scan NOPE-404: no lot, serial number", build.scan_feedback)
        self.assertFalse(build.line_ids.lot_id)
        self.assertFalse(build.scan_code)

    def test_refused_scans_in_a_row_then_a_good_scan_lands(self):
        build = self.env["stock.lot.build"].new({"product_id": self.assembly.id})
        for code in ("NOPE-1", "NOPE-2", "NOPE-3"):
            build.scan_code = code
            self.assertIsNone(build._onchange_scan_code())
            self.assertTrue(build.scan_refused)
            self.assertIn(f"Scan {code}: no lot", build.scan_feedback)
        build.scan_code = "BOLT-A"
        build._onchange_scan_code()
        self.assertFalse(build.scan_refused)
        self.assertEqual(build.line_ids.lot_id, self.bolt_lot)

    def test_no_warning_before_anything_is_scanned(self):
        self.bom_assembly.consumption = "warning"
        build = self._new_build(self.assembly)
        self.assertFalse(build.issue_warnings)
        self.assertFalse(build.has_warnings, "no Build Anyway before anything is scanned")
        self._assert_nothing_built(build, "Left engine: scan the lot/serial number")
        build.action_scan("BOLT-A")
        build.action_scan("ENG-L1")
        build.action_scan("ENG-R1")
        build.line_ids.filtered(lambda line: line.lot_id == self.bolt_lot).quantity += 1
        self.assertIn("scanned (BOLT-A) instead of", build.issue_warnings)

    def test_unknown_lot_of_known_product(self):
        self.flour.barcode = GTIN_FLOUR[1:]
        build = self._new_build(self.cookie)
        with self.assertRaisesRegex(UserError, "lot/serial FLOUR-9 of Flour does not exist"):
            build.action_scan(f"(01){GTIN_FLOUR}(10)FLOUR-9")

    def test_wrong_product_for_line(self):
        build = self._ready_cookie_build()
        build.line_ids[0].lot_id = self.sugar_lot
        self._assert_nothing_built(build, r"Flour: lot SUGAR-1 is a lot of Sugar, not of Flour\.")

    def test_not_on_strict_list_refused_at_scan(self):
        self.bom_assembly.consumption = "strict"
        build = self._new_build(self.assembly)
        with self.assertRaisesRegex(
            UserError, r"Sugar \(lot SUGAR-1\) is not on the composition list"
        ):
            build.action_scan("SUGAR-1")
        self.assertNotIn(self.sugar_lot, build.line_ids.lot_id)

    def test_not_on_strict_list_refused_at_confirm(self):
        self.bom_cookie.consumption = "strict"
        build = self._ready_cookie_build()
        build.line_ids = [
            (
                0,
                0,
                {
                    "product_id": self.bolt.id,
                    "lot_id": self.bolt_lot.id,
                    "quantity": 1.0,
                    "product_uom_id": self.uom_unit.id,
                },
            )
        ]
        self._assert_nothing_built(
            build, r"Stainless Bolt: Stainless Bolt \(lot BOLT-A\) is not on the composition list"
        )

    def test_not_on_list_warns_then_builds_anyway(self):
        build = self._ready_cookie_build()
        build.action_scan("BOLT-A")
        self.assertIn("(lot BOLT-A) is not on the composition list", build.issue_warnings)
        self.assertTrue(build.has_warnings)
        self._assert_nothing_built(build, "Read these warnings, then press Build Anyway")
        build.action_confirm_anyway()
        self.assertEqual(self._on_hand(self.bolt_lot), 99.0)

    def test_not_enough_on_hand(self):
        build = self._ready_cookie_build()
        self.flour_lot.quant_ids.quantity = 15.0
        self._assert_nothing_built(
            build, r"Flour: lot FLOUR-1 has 15.0 kg on hand in WH/Stock, 20.0 kg scanned\."
        )

    def test_not_on_hand_at_the_source_location(self):
        build = self._ready_cookie_build()
        build.location_src_id = self.env["stock.location"].create(
            {
                "name": "Line 2",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self._assert_nothing_built(build, r"Flour: lot FLOUR-1 has 0.0 kg on hand in WH/Line 2")

    def test_expired_lot_refused(self):
        self.butter_lot.expiration_date = fields.Datetime.now() - timedelta(days=1)
        build = self._ready_cookie_build()
        self.assertIn("Butter: lot BUTTER-1 expired on", build.issue_refusals)
        self._assert_nothing_built(build, "Butter: lot BUTTER-1 expired on")
        # the date as forms show it: the user's date and time formats
        self.env.user.lang = "en_US"
        self.env["res.lang"]._lang_get("en_US").write(
            {"date_format": "%d.%m.%Y", "time_format": "%H:%M"}
        )
        build.invalidate_recordset(["issue_refusals"])
        expired = format_datetime(self.env, self.butter_lot.expiration_date, dt_format=False)
        self.assertRegex(expired, r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$")
        self.assertIn(f"Butter: lot BUTTER-1 expired on {expired}.", build.issue_refusals)

    def test_expired_lot_warned(self):
        self.env.company.trace_build_expired_policy = "warn"
        self.butter_lot.expiration_date = fields.Datetime.now() - timedelta(days=1)
        build = self._ready_cookie_build()
        self.assertIn("Butter: lot BUTTER-1 expired on", build.issue_warnings)
        self._assert_nothing_built(build, "Read these warnings")
        build.action_confirm_anyway()
        self.assertEqual(self._on_hand(self.butter_lot), 5.0)

    def test_lot_on_hold_refused_at_scan(self):
        self.sugar_lot.write({"trace_status": "blocked", "trace_status_reason": "Salmonella alert"})
        build = self._new_build(self.cookie)
        with self.assertRaisesRegex(
            UserError, r"Sugar: Lot SUGAR-1 of Sugar cannot be consumed.*Blocked.*Salmonella alert"
        ):
            build.action_scan("SUGAR-1")

    def test_lot_on_hold_refused_at_confirm(self):
        build = self._ready_cookie_build()
        self.sugar_lot.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        self._assert_nothing_built(
            build, r"Sugar: Lot SUGAR-1 of Sugar cannot be consumed.*Lab test"
        )

    def test_serial_already_consumed(self):
        build = self._new_build(self.assembly)
        for code in ("BOLT-A", "ENG-L1", "ENG-R1"):
            build.action_scan(code)
        build.action_confirm()
        production = self.env["mrp.production"].search([], order="id desc", limit=1)
        # the serial comes back to stock (e.g. wrongly counted), it is still built in
        self.env["stock.quant"]._update_available_quantity(
            self.engine, self.stock_location, 1, lot_id=self.engine_left
        )
        again = self._new_build(self.assembly)
        with self.assertRaisesRegex(
            UserError, f"Left engine: serial ENG-L1 was already consumed in {production.name}"
        ):
            again.action_scan("ENG-L1")

    def test_issues_read_serials_and_stock_once_for_all_lines(self):
        """The issues are computed on every change of the form: the consumed serials and the
        on-hand quantities of all lines are read at once, not once per line."""
        for index in (2, 3):
            self._create_lot(self.engine, f"ENG-L{index}", 1)
            self._create_lot(self.engine, f"ENG-R{index}", 1)
        build = self._new_build(self.assembly, product_qty=3)
        for index in ("1", "2", "3"):
            for code in ("BOLT-A", f"ENG-L{index}", f"ENG-R{index}"):
                build.action_scan(code)
        record_class = type(self.env["stock.lot.build.record"])
        build_class = type(build)
        original_consumed = record_class._get_consumed_serials
        original_on_hand = build_class._get_on_hand_by_lot
        calls = []

        def consumed_serials(records, lots):
            calls.append(("serials", len(lots)))
            return original_consumed(records, lots)

        def on_hand_by_lot(wizard, lots):
            calls.append(("on hand", len(lots)))
            return original_on_hand(wizard, lots)

        with (
            patch.object(record_class, "_get_consumed_serials", consumed_serials),
            patch.object(build_class, "_get_on_hand_by_lot", on_hand_by_lot),
        ):
            self.assertFalse(
                [issue for issue in build._get_build_issues() if issue["level"] != "warn"]
            )
        self.assertEqual(calls, [("serials", 6), ("on hand", 7)])

    def test_serial_twice_in_one_build(self):
        build = self._new_build(self.assembly)
        build.action_scan("ENG-L1")
        build.line_ids[2].write({"lot_id": self.engine_left.id, "quantity": 1.0})
        self._assert_nothing_built(build, "Right engine: serial ENG-L1 is already on Left engine")
        with self.assertRaisesRegex(UserError, "Serial ENG-L1 is already scanned on Left engine"):
            build.action_scan("ENG-L1")

    def test_quantity_differs_warns(self):
        build = self._ready_cookie_build()
        build.line_ids[0].quantity = 18.0
        self.assertIn(
            "Flour: 18.0 kg scanned (FLOUR-1) instead of 20.0 kg on the composition list.",
            build.issue_warnings,
        )
        self._assert_nothing_built(build, "Read these warnings")
        build.action_confirm_anyway()
        self.assertEqual(self._on_hand(self.flour_lot), 32.0)

    def test_quantity_differs_refused_when_strict(self):
        self.bom_cookie.consumption = "strict"
        build = self._ready_cookie_build()
        build.line_ids[1].unlink()
        self._assert_nothing_built(
            build, r"Butter: 0.0 kg scanned \(no lot\) instead of 5.0 kg on the composition list"
        )

    def test_missing_serial_and_finished_serial(self):
        build = self._new_build(self.assembly)
        build.action_scan("BOLT-A")
        build.unit_ids.lot_name = False
        self._assert_nothing_built(build, "Left engine: scan the lot/serial number")
        self._assert_nothing_built(build, "Unit 1: enter the lot/serial number to produce")

    def test_finished_serial_already_exists(self):
        existing = self._create_lot(self.assembly, "ASM-EXISTS", 1)
        build = self._new_build(self.assembly)
        for code in ("BOLT-A", "ENG-L1", "ENG-R1"):
            build.action_scan(code)
        build.unit_ids.lot_name = existing.name
        self._assert_nothing_built(build, "Serial ASM-EXISTS of Engine Assembly exists already")

    def test_failure_leaves_no_order_move_or_lot(self):
        self._create_lot(self.engine, "ENG-L2", 1)
        self._create_lot(self.engine, "ENG-R2", 1)
        build = self._new_build(self.assembly, product_qty=2)
        for code in ("BOLT-A", "ENG-L1", "ENG-R1", "BOLT-A", "ENG-L2", "ENG-R2"):
            build.action_scan(code)
        names = build.unit_ids.mapped("lot_name")
        counts = {
            model: self.env[model].search_count([])
            for model in ("mrp.production", "stock.move", "stock.move.line", "stock.lot")
        }
        production_class = type(self.env["mrp.production"])
        original = production_class.button_mark_done
        done = []

        def mark_done_then_fail(productions):
            original(productions)
            done.extend((production, production.state) for production in productions)
            raise ValidationError(productions.env._("Forced failure"))

        with patch.object(production_class, "button_mark_done", mark_done_then_fail):
            with self.assertRaisesRegex(ValidationError, "Forced failure"):
                build.action_confirm()
        # both orders were done, then rolled back with everything else
        self.assertEqual([state for _production, state in done], ["done", "done"])
        self.assertFalse(self.env["mrp.production"].browse([p.id for p, _state in done]).exists())
        for model, count in counts.items():
            self.assertEqual(self.env[model].search_count([]), count, model)
        self.assertFalse(self.env["stock.lot"].search([("name", "in", names)]))
        self.assertEqual(self._on_hand(self.bolt_lot), 100.0)
        self.assertEqual(self._on_hand(self.engine_left), 1.0)


@tagged("post_install", "-at_install")
class TestBuildAccess(BuildCommon):
    def test_traceability_user_builds(self):
        build = self._new_build(self.cookie, user=self.trace_user)
        for code in ("FLOUR-1", "BUTTER-1", "SUGAR-1"):
            build.action_scan(code)
        build.action_confirm()
        production = self.env["mrp.production"].search([], order="id desc", limit=1)
        self.assertEqual(production.state, "done")
        self.assertEqual(production.create_uid, self.trace_user)

    def test_traceability_user_builds_without_manufacturing_rights(self):
        """A Traceability user reads composition lists and manufacturing orders but does not
        edit them nor create orders himself; the wizard creates the orders of his build."""
        user = self.trace_user
        self.assertFalse(user.has_group("mrp.group_mrp_user"))
        with self.assertRaises(AccessError):
            self.bom_cookie.with_user(user).write({"product_qty": 60.0})
        with self.assertRaises(AccessError):
            self.env["mrp.bom"].with_user(user).create(
                {"product_tmpl_id": self.cookie.product_tmpl_id.id}
            )
        with self.assertRaises(AccessError):
            self.env["mrp.production"].with_user(user).create({"product_id": self.cookie.id})
        self.assertEqual(self.bom_cookie.with_user(user).product_qty, 30.0)
        build = self._new_build(self.cookie, user=user)
        for code in ("FLOUR-1", "BUTTER-1", "SUGAR-1"):
            build.action_scan(code)
        action = build.action_confirm()
        production = self.env["mrp.production"].search([], order="id desc", limit=1)
        self.assertEqual(production.state, "done")
        self.assertEqual(production.create_uid, user)
        self.assertEqual(action["res_id"], production.lot_producing_id.id)
        with self.assertRaises(AccessError):
            production.with_user(user).write({"origin": "changed"})

    def test_stock_user_cannot_build(self):
        stock_user = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "stock_only_build",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self._new_build(self.cookie, user=stock_user)

    def test_build_of_another_company_is_hidden(self):
        other = self.env["res.company"].create({"name": "Other Bakery"})
        self.trace_user.company_ids = self.env.company
        build = self.env["stock.lot.build"].create(
            {"product_id": self.cookie.id, "company_id": other.id, "bom_id": False}
        )
        Build = self.env["stock.lot.build"].with_user(self.trace_user)
        self.assertFalse(Build.search([("id", "=", build.id)]))
        with self.assertRaises(AccessError):
            build.with_user(self.trace_user).read(["product_id"])


@tagged("post_install", "-at_install")
class TestBuildTour(HttpCase, BuildCommon):
    browser_size = "412x915"
    touch_enabled = True

    def test_build_tour_phone(self):
        self.trace_user.password = "trace_user"
        self.start_tour(
            f"/odoo/action-lot_traceability.mrp_bom_composition_action/{self.bom_assembly.id}",
            "stock_lot_build_tour",
            login="trace_user",
        )
        lot = self.engine_left.trace_used_in_line_ids.lot_id
        self.assertEqual(lot.product_id, self.assembly)
        production = self.env["mrp.production"].search([("lot_producing_id", "=", lot.id)])
        self.assertEqual(production.move_raw_ids.bom_line_id, self.bom_assembly.bom_line_ids)
        self.assertEqual(
            lot.trace_component_line_ids.lot_id,
            self.bolt_lot | self.engine_left | self.engine_right,
        )
