# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TraceabilityCommon


@tagged("post_install", "-at_install")
class TestInstall(TraceabilityCommon):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "lot_traceability")])
        self.assertEqual(module.state, "installed")

    def test_groups_hierarchy(self):
        user_group = self.env.ref("lot_traceability.group_traceability_user")
        manager_group = self.env.ref("lot_traceability.group_traceability_manager")
        self.assertEqual(user_group.category_id.name, "Traceability")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertIn(self.env.ref("stock.group_stock_user"), user_group.implied_ids)
        self.assertIn(manager_group, self.env.ref("stock.group_stock_manager").implied_ids)
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                manager_group.get_external_id()[manager_group.id]
            )
        )

    def test_menu_visible_to_traceability_users_only(self):
        menu = self.env.ref("lot_traceability.menu_traceability_root")
        self.assertEqual(menu.parent_id, self.env.ref("stock.menu_stock_root"))
        visible_for_user = self.env["ir.ui.menu"].with_user(self.trace_user)._visible_menu_ids()
        self.assertIn(menu.id, visible_for_user)
        stock_only = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(stock_only)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestLotStatus(TraceabilityCommon):
    def test_user_holds_manager_releases(self):
        lot = self._create_lot(self.product_lot, "FLOUR-HOLD", 10)
        lot.with_user(self.trace_user).write(
            {"trace_status": "quarantine", "trace_status_reason": "Lab test"}
        )
        self.assertEqual(lot.trace_status, "quarantine")
        with self.assertRaisesRegex(AccessError, "Only Traceability managers can release"):
            lot.with_user(self.trace_user).action_trace_release()
        self.assertEqual(lot.trace_status, "quarantine")
        lot.with_user(self.trace_manager).action_trace_release()
        self.assertEqual(lot.trace_status, "available")
        self.assertFalse(lot.trace_status_reason)

    def test_refusal_names_lot_status_and_reason(self):
        lot = self._create_lot(
            self.product_lot,
            "FLOUR-BLOCK",
            10,
            trace_status="blocked",
            trace_status_reason="Supplier alert",
        )
        with self.assertRaisesRegex(UserError, r"FLOUR-BLOCK.*delivered.*Blocked.*Supplier alert"):
            lot._check_trace_status_available("delivered")
