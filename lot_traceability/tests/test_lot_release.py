# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestReleaseOnReceipt(GenealogyCommon):
    """Flour is released positively: its lots, received from the mill, wait in quarantine
    for their inspection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour.quarantine_on_receipt = True
        cls.stock_user = cls.env["res.users"].create(
            {
                "name": "Stock Clerk",
                "login": "stock_clerk",
                "groups_id": [(6, 0, [cls.env.ref("stock.group_stock_user").id])],
            }
        )

    def _receive(self, lot, quantity=20, user=None):
        picking = self._move_lot(
            lot,
            quantity,
            self.supplier_location,
            self.stock_location,
            self.mill,
            self.in_type,
            validate=False,
        )
        picking = picking.with_user(user) if user else picking
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    def _inspect(self, lot, result, user=None, **vals):
        env = self.env(user=user) if user else self.env
        wizard = env["stock.lot.release.wizard"].create(
            {"lot_id": lot.id, "result": result, **vals}
        )
        return wizard.action_confirm()

    def _coa(self, user=None):
        env = self.env(user=user) if user else self.env
        return env["ir.attachment"].create(
            {
                "name": "CoA W-1187.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 certificate of analysis"),
                "res_model": "stock.lot.release.wizard",
                "res_id": 0,
            }
        )

    def test_receipt_lands_in_quarantine_awaiting_release(self):
        lot = self._create_lot(self.flour, "FLOUR-R1")
        self._receive(lot, user=self.stock_user)
        self.assertEqual(lot.trace_status, "quarantine")
        self.assertEqual(lot.trace_status_reason, "Awaiting release")
        self.assertTrue(lot.awaiting_release_since)
        awaiting = self.env["stock.lot"].search([("awaiting_release_since", "!=", False)])
        self.assertIn(lot, awaiting)

    def test_category_setting_and_unset_products(self):
        parent = self.env["product.category"].create(
            {"name": "Raw materials", "quarantine_on_receipt": True}
        )
        self.butter.categ_id = self.env["product.category"].create(
            {"name": "Dairy", "parent_id": parent.id}
        )
        butter = self._create_lot(self.butter, "BUTTER-R1")
        self._receive(butter)
        self.assertEqual(butter.trace_status, "quarantine", "a parent category asks for it")
        tray = self._create_lot(self.cookie_tray, "TRAY-R1")
        self._receive(tray, 3)
        self.assertEqual(tray.trace_status, "available")
        self.assertFalse(tray.awaiting_release_since)

    def test_held_lot_keeps_its_status(self):
        lot = self._create_lot(self.flour, "FLOUR-R2")
        lot.write({"trace_status": "blocked", "trace_status_reason": "Supplier alert"})
        self._receive(lot)
        self.assertEqual((lot.trace_status, lot.trace_status_reason), ("blocked", "Supplier alert"))
        lab = self._create_lot(self.flour, "FLOUR-R2B")
        lab.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        self._receive(lab)
        self.assertEqual(lab.trace_status_reason, "Lab test")
        self.assertFalse(lab.awaiting_release_since)

    def test_release_with_certificate_of_analysis(self):
        lot = self._create_lot(self.flour, "FLOUR-R3")
        self._receive(lot)
        coa = self._coa(self.trace_manager)
        self._inspect(
            lot,
            "pass",
            user=self.trace_manager,
            notes="Moisture 13.9 %",
            attachment_ids=[fields.Command.set(coa.ids)],
        )
        self.assertEqual((lot.trace_status, lot.trace_status_reason), ("available", False))
        self.assertFalse(lot.awaiting_release_since)
        inspection = lot.inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.result, "pass")
        self.assertEqual(inspection.notes, "Moisture 13.9 %")
        self.assertEqual(inspection.user_id, self.trace_manager)
        self.assertTrue(inspection.date)
        self.assertEqual(inspection.attachment_ids, coa)
        self.assertEqual((coa.res_model, coa.res_id), ("stock.lot.inspection", inspection.id))
        message = lot.message_ids.filtered(lambda m: "Release inspection: Pass" in m.body)
        self.assertEqual(message.attachment_ids, coa)

    def test_who_and_when_are_set_by_the_system(self):
        lot = self._create_lot(self.flour, "FLOUR-R4")
        self._receive(lot)
        inspection = (
            self.env["stock.lot.inspection"]
            .with_user(self.trace_manager)
            .create(
                {
                    "lot_id": lot.id,
                    "result": "pass",
                    "user_id": self.trace_user.id,
                    "date": "2020-01-01 00:00:00",
                }
            )
        )
        self.assertEqual(inspection.user_id, self.trace_manager)
        self.assertGreater(inspection.date, fields.Datetime.to_datetime("2020-01-02"))

    def test_refuse_release_by_a_plain_user(self):
        lot = self._create_lot(self.flour, "FLOUR-R5")
        self._receive(lot)
        with self.assertRaises(AccessError):
            self._inspect(lot, "pass", user=self.trace_user)
        with self.assertRaisesRegex(AccessError, "Only Traceability managers can release"):
            lot.with_user(self.trace_user)._record_inspection("pass")
        with self.assertRaises(AccessError):
            self.env["stock.lot.inspection"].with_user(self.trace_user).create(
                {"lot_id": lot.id, "result": "pass"}
            )
        self.assertEqual(lot.trace_status, "quarantine")
        self.assertFalse(lot.inspection_ids)

    def test_refuse_plain_release_without_inspection(self):
        lot = self._create_lot(self.flour, "FLOUR-R6")
        self._receive(lot)
        with self.assertRaisesRegex(UserError, "FLOUR-R6 of Test Flour awaits its release"):
            lot.with_user(self.trace_manager).action_trace_release()
        with self.assertRaisesRegex(UserError, "awaits its release"):
            lot.with_user(self.trace_manager).write({"trace_status": "available"})
        self.assertEqual(lot.trace_status, "quarantine")

    def test_refuse_inspection_of_a_lot_not_awaiting(self):
        lot = self._create_lot(self.butter, "BUTTER-R2", 5)
        with self.assertRaisesRegex(UserError, "BUTTER-R2 of Test Butter is not awaiting release"):
            self._inspect(lot, "pass", user=self.trace_manager)
        self.assertFalse(lot.inspection_ids)

    def test_fail_blocks_then_one_click_return_to_supplier(self):
        lot = self._create_lot(self.flour, "FLOUR-R7")
        self._receive(lot, 20)
        action = self._inspect(lot, "fail", user=self.trace_manager, notes="Insects found")
        inspection = lot.inspection_ids
        self.assertEqual((action["res_model"], action["res_id"]), (inspection._name, inspection.id))
        self.assertEqual(lot.trace_status, "blocked")
        self.assertEqual(lot.trace_status_reason, "Failed release inspection: Insects found")
        action = inspection.with_user(self.trace_manager).action_return_to_supplier()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(inspection.return_picking_id, picking)
        self.assertEqual(picking.partner_id, self.mill)
        self.assertEqual(picking.location_dest_id, self.supplier_location)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.move_line_ids.lot_id, lot)
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 20)
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(lot.product_qty, 0)

    def test_refuse_return_of_a_lot_not_blocked(self):
        lot = self._create_lot(self.flour, "FLOUR-R8")
        self._receive(lot)
        with self.assertRaisesRegex(UserError, "Only a blocked lot is returned"):
            lot.with_user(self.trace_manager).action_return_to_supplier()
        with self.assertRaises(AccessError):
            lot.with_user(self.trace_user).action_return_to_supplier()
        self.assertFalse(
            self.env["stock.picking"].search([("location_dest_id", "=", self.supplier_location.id)])
        )

    def test_inspection_is_a_record(self):
        lot = self._create_lot(self.flour, "FLOUR-R9")
        self._receive(lot)
        self._inspect(lot, "pass", user=self.trace_manager)
        inspection = lot.inspection_ids.with_user(self.trace_manager)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            inspection.write({"notes": "rewritten"})
        with self.assertRaises(AccessError):
            inspection.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            lot.inspection_ids.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            lot.inspection_ids.write({"result": "fail"})
