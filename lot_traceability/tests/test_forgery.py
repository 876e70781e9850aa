# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_serials import SerialsCommon

PAST = datetime.datetime(2020, 1, 1, 9, 0)


@tagged("post_install", "-at_install")
class TestForgery(SerialsCommon):
    """Split/merge documents and asset assignments are records of what happened: created by
    their operations only, with who and when set by the system; no lot card for a lot the
    user may not read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch = cls._create_lot(cls.product_lot, "FORGE-BATCH", 10)
        cls.serial = cls._create_lot(cls.product_serial, "SN-FORGE", 1)
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Portal Customer",
                "login": "forgery_portal",
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )

    def _split(self, user, **context):
        wizard = (
            self.env["stock.lot.split.wizard"]
            .with_user(user)
            .with_context(**context)
            .create({"lot_id": self.batch.id, "unit_count": 2, "unit_quantity": 1})
        )
        return wizard._split()

    # ------------------------------------------------------------------ split and merge
    def test_transformation_not_created_through_rpc(self):
        count = self.env["stock.lot.transformation"].search_count([])
        for user in (self.trace_user, self.trace_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["stock.lot.transformation"].with_user(user).create(
                    {
                        "transformation_type": "split",
                        "user_id": self.trace_manager.id,
                        "date": PAST,
                        "input_lot_ids": [(6, 0, self.batch.ids)],
                    }
                )
        self.assertEqual(self.env["stock.lot.transformation"].search_count([]), count)

    def test_transformation_who_and_when_set_by_the_system(self):
        before = fields.Datetime.now()
        transformation = self._split(
            self.trace_user, default_user_id=self.trace_manager.id, default_date=PAST
        )
        self.assertEqual(transformation.user_id, self.trace_user)
        self.assertGreaterEqual(transformation.date, before)
        self.assertEqual(transformation.env.uid, self.trace_user.id)
        self.assertFalse(transformation.env.su, "the operation hands back a non-sudo record")
        # superuser code creating one directly still gets the system's who and when
        direct = self.env["stock.lot.transformation"].create(
            {"transformation_type": "merge", "user_id": self.trace_user.id, "date": PAST}
        )
        self.assertEqual(direct.user_id, self.env.user)
        self.assertGreaterEqual(direct.date, before)

    def test_transformation_only_note_writable(self):
        transformation = self._split(self.trace_user)
        as_manager = transformation.with_user(self.trace_manager)
        for vals in ({"user_id": self.trace_manager.id}, {"date": PAST}, {"name": "FAKE"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_manager.write(vals)
        with self.assertRaises(AccessError):
            transformation.with_user(self.trace_user).write({"note": "mine"})
        as_manager.write({"note": "Checked by QA"})
        self.assertEqual(transformation.note, "Checked by QA")
        self.assertEqual(transformation.user_id, self.trace_user)

    # ------------------------------------------------------------------ assignments
    def _assign(self, user, **vals):
        return (
            self.env["stock.lot.assign"]
            .with_user(user)
            .with_context(default_user_id=self.trace_manager.id)
            .create({"lot_ids": [(6, 0, self.serial.ids)], "partner_id": self.alice.id, **vals})
            .action_assign()
        )

    def test_assignment_not_created_through_rpc(self):
        for user in (self.trace_user, self.trace_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["stock.lot.assignment"].with_user(user).create(
                    {
                        "lot_id": self.serial.id,
                        "partner_to_id": self.alice.id,
                        "user_id": self.trace_manager.id,
                        "date": PAST,
                    }
                )
        self.assertFalse(self.serial.asset_assignment_ids)

    def test_assignment_recorded_by_the_system(self):
        self._assign(self.trace_user)
        assignment = self.serial.asset_assignment_ids
        self.assertEqual(assignment.user_id, self.trace_user)
        as_manager = assignment.with_user(self.trace_manager)
        for vals in (
            {"user_id": self.trace_manager.id},
            {"date": PAST},
            {"partner_to_id": self.bob.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_manager.write(vals)
        as_manager.write({"note": "fixed typo"})
        self.assertEqual(assignment.user_id, self.trace_user)

    def test_assignment_date_not_in_the_future_nor_before_the_last(self):
        future = fields.Datetime.now() + datetime.timedelta(days=1)
        with self.assertRaisesRegex(UserError, "is in the future"):
            self._assign(self.trace_user, date=future)
        self._assign(self.trace_user, date=datetime.datetime(2026, 3, 2, 9, 0))
        with self.assertRaisesRegex(UserError, "SN-FORGE changed hands after 2026-03-01"):
            self._assign(
                self.trace_user, partner_id=self.bob.id, date=datetime.datetime(2026, 3, 1)
            )
        self.assertEqual(len(self.serial.asset_assignment_ids), 1)

    def test_assign_refuses_serials_the_user_may_not_read(self):
        other_company = self.env["res.company"].create({"name": "Other Rentals"})
        product = self.env["product.product"].create(
            {
                "name": "Other Drill",
                "is_storable": True,
                "tracking": "serial",
                "company_id": other_company.id,
            }
        )
        other = self.env["stock.lot"].create(
            {"name": "SN-OTHER-CO", "product_id": product.id, "company_id": other_company.id}
        )
        with self.assertRaises(AccessError):
            self.env["stock.lot.assign"].with_user(self.trace_user).create(
                {"lot_ids": [(6, 0, other.ids)], "partner_id": self.alice.id}
            ).action_assign()
        self.assertFalse(other.asset_assignment_ids)

    # ------------------------------------------------------------------ scanner
    def test_portal_user_gets_no_lot_card_nor_action(self):
        Scanner = self.env["stock.lot.scanner"].with_user(self.portal_user)
        for action in ("open", "split", "hold", "build", "print_label"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                Scanner.action_from_card(self.batch.id, action)
        with self.assertRaises(AccessError):
            Scanner.action_from_card(10**9, "open")
        with self.assertRaises(AccessError):
            Scanner.get_lot_card("FORGE-BATCH")

    def test_unreadable_lot_answers_like_a_missing_one(self):
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        product = self.env["product.product"].create(
            {"name": "Other Flour", "is_storable": True, "tracking": "lot"}
        )
        other = self.env["stock.lot"].create(
            {"name": "OTHER-LOT", "product_id": product.id, "company_id": other_company.id}
        )
        missing = self.env["stock.lot"].search([], order="id desc", limit=1).id + 1000
        Scanner = self.env["stock.lot.scanner"].with_user(self.trace_user)
        messages = []
        for lot_id in (other.id, missing):
            with self.assertRaises(UserError) as catcher:
                Scanner.action_from_card(lot_id, "open")
            messages.append(catcher.exception.args[0])
        self.assertEqual(messages[0], messages[1])
        # the trace screen and its export, created with that lot's id, show nothing of it
        trace = self.env["stock.lot.trace"].with_user(self.trace_user).create({"lot_id": other.id})
        with self.assertRaises(AccessError):
            trace.action_refresh()
        with self.assertRaises(AccessError):
            trace._get_xlsx_content()
        self.assertEqual(Scanner.action_from_card(self.batch.id, "open")["res_id"], self.batch.id)
