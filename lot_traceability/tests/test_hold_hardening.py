# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.addons.stock.models.stock_move_line import StockMoveLine
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common_recall import RecallCommon


class TestHoldHardening(RecallCommon):
    """No write walks around a hold (edits of done lines, lines added to done documents,
    inventory adjustments, quants written directly), and the genealogy links of done lines
    change only through the operations that make them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = cls.env["res.users"].create(
            {
                "name": "Plain Inventory User",
                "login": "plain_stock_user",
                "email": "plain_stock_user@example.com",
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("stock.group_stock_user").id,
                            cls.env.ref("stock.group_production_lot").id,
                            cls.env.ref("mrp.group_mrp_user").id,
                        ]
                    )
                ],
            }
        )
        cls.tray_2.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        cls.flour_ok.write({"trace_status": "blocked", "trace_status_reason": "Moisture"})
        cls.bistro_line = cls.delivery_bistro.move_line_ids
        cls.flour_line = cls.bake_mo.move_raw_ids.move_line_ids.filtered(
            lambda line: line.lot_id == cls.flour_bad
        )
        cls.batch_line = cls.bake_mo.move_finished_ids.move_line_ids.filtered(
            lambda line: line.lot_id == cls.batch
        )

    @contextmanager
    def _refused(self, exception, message):
        """Expect ``exception`` matching ``message``, everything written rolled back (Odoo's
        ``assertRaises`` runs in a savepoint, ``assertRaisesRegex`` does not)."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertRegex(str(catcher.exception), message)

    def _as_user(self, records):
        return records.with_user(self.stock_user)

    def _messages(self, record):
        return record.message_ids.mapped("body")

    # 1. editing a done move line walks around every hold
    def test_done_delivery_line_to_held_lot_refused(self):
        before = self._on_hand(self.tray_2)
        with self._refused(UserError, "COOKIES-1-002.*delivered to a customer.*Lab test"):
            self._as_user(self.bistro_line).write({"lot_id": self.tray_2.id})
        self.assertEqual(self.bistro_line.lot_id, self.tray_1)
        self.assertEqual(self._on_hand(self.tray_2), before)

    def test_done_delivery_quantity_of_recalled_lot_raise_refused(self):
        self.tray_1.write({"trace_status": "recalled", "trace_status_reason": "Glass"})
        before = self._on_hand(self.tray_1)
        with self._refused(UserError, "COOKIES-1-001.*Recalled.*Glass"):
            self._as_user(self.bistro_line).write({"quantity": 15})
        self.assertEqual(self.bistro_line.quantity, 12)
        self.assertEqual(self._on_hand(self.tray_1), before)

    def test_done_delivery_quantity_of_recalled_lot_lowered_and_traced(self):
        """Lowering the delivered quantity of a held lot puts it back in stock: allowed, and
        the transfer's chatter says who changed what."""
        self.tray_1.write({"trace_status": "recalled", "trace_status_reason": "Glass"})
        before = self._on_hand(self.tray_1)
        self._as_user(self.bistro_line).write({"quantity": 10})
        self.assertEqual(self._on_hand(self.tray_1), before + 2)
        message = self.delivery_bistro.message_ids[:1]
        self.assertEqual(message.author_id, self.stock_user.partner_id)
        self.assertIn("COOKIES-1-001", message.body)
        self.assertIn("12 Units \u2192 10 Units", message.body)

    def test_done_delivery_lot_change_traced(self):
        """Switching a done delivery line to another available lot is an edit Odoo allows:
        the transfer's chatter keeps the lot before and after."""
        self._as_user(self.bistro_line).write({"lot_id": self.tray_4.id})
        message = self.delivery_bistro.message_ids[:1]
        self.assertEqual(message.author_id, self.stock_user.partner_id)
        self.assertIn("COOKIES-1-001 \u2192 COOKIES-1-004", message.body)

    def test_done_mo_component_line_to_held_lot_refused(self):
        before = self._on_hand(self.flour_ok)
        with self._refused(UserError, "FLOUR-OK.*consumed in manufacturing.*Moisture"):
            self._as_user(self.flour_line).write({"lot_id": self.flour_ok.id})
        self.assertEqual(self.flour_line.lot_id, self.flour_bad)
        self.assertEqual(self._on_hand(self.flour_ok), before)

    def test_done_mo_component_quantity_change_traced(self):
        self.flour_line.write({"quantity": 39})
        body = self.bake_mo.message_ids[:1].body
        self.assertIn("FLOUR-BAD", body)
        self.assertIn("40 kg \u2192 39 kg", body)

    # siblings of 1: other writes that deliver or consume a held lot after validation
    def test_line_created_on_done_delivery_with_held_lot_refused(self):
        before = self._on_hand(self.tray_2)
        move = self.delivery_bistro.move_ids
        with self._refused(UserError, "COOKIES-1-002.*delivered to a customer"):
            self._as_user(self.env["stock.move.line"]).create(
                {
                    "move_id": move.id,
                    "picking_id": self.delivery_bistro.id,
                    "product_id": self.cookie_tray.id,
                    "product_uom_id": self.cookie_tray.uom_id.id,
                    "lot_id": self.tray_2.id,
                    "quantity": 3,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                }
            )
        self.assertEqual(self._on_hand(self.tray_2), before)

    def test_done_move_lines_through_move_refused(self):
        """The lines of a done move written through the move (one2many commands, its
        quantity) are checked like the lines themselves."""
        self.tray_1.write({"trace_status": "recalled", "trace_status_reason": "Glass"})
        move = self._as_user(self.delivery_bistro.move_ids)
        with self._refused(UserError, "COOKIES-1-002"):
            move.write(
                {"move_line_ids": [Command.update(self.bistro_line.id, {"lot_id": self.tray_2.id})]}
            )
        with self._refused(UserError, "COOKIES-1-001.*Recalled"):
            move.write({"quantity": 14})
        self.assertEqual(self.bistro_line.quantity, 12)
        self.assertEqual(self.bistro_line.lot_id, self.tray_1)

    def test_line_added_to_done_mo_with_held_lot_refused(self):
        move = self.bake_mo.move_raw_ids.filtered(lambda m: m.product_id == self.flour)
        with self._refused(UserError, "FLOUR-OK.*consumed in manufacturing"):
            self._as_user(self.env["stock.move.line"]).create(
                {
                    "move_id": move.id,
                    "product_id": self.flour.id,
                    "product_uom_id": self.flour.uom_id.id,
                    "lot_id": self.flour_ok.id,
                    "quantity": 5,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )

    def test_line_added_to_done_mo_links_to_its_lot(self):
        """Odoo links a line added to a done manufacturing order to its finished lot: still
        so (the link is made by the operation, not refused)."""
        extra_flour = self._receive(self.flour, "FLOUR-EXTRA", 10)
        move = self.bake_mo.move_raw_ids.filtered(lambda m: m.product_id == self.flour)
        line = self._as_user(self.env["stock.move.line"]).create(
            {
                "move_id": move.id,
                "product_id": self.flour.id,
                "product_uom_id": self.flour.uom_id.id,
                "lot_id": extra_flour.id,
                "quantity": 5,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        self.assertEqual(line.produce_line_ids, self.batch_line)
        self.assertIn(self.batch, extra_flour._get_downstream_lots())

    def test_quant_written_directly_on_held_lot_refused(self):
        quant = self.env["stock.quant"]._gather(
            self.cookie_tray, self.stock_location, lot_id=self.tray_2, strict=True
        )
        with self._refused(UserError, "COOKIES-1-002"):
            self._as_user(quant).write({"lot_id": self.tray_4.id})
        with self._refused(UserError, "COOKIES-1-002"):
            self._as_user(quant).write({"quantity": 0})
        self.assertEqual(self._on_hand(self.tray_2), 12)

    def test_quant_created_directly_for_held_lot_refused(self):
        with self._refused(UserError, "COOKIES-1-002"):
            self._as_user(self.env["stock.quant"]).create(
                {
                    "product_id": self.cookie_tray.id,
                    "location_id": self.stock_location.id,
                    "lot_id": self.tray_2.id,
                    "quantity": -12,
                }
            )
        self.assertEqual(self._on_hand(self.tray_2), 12)

    def test_held_lot_counted_in_new_location(self):
        """Counting a lot on hold where it has no quant yet (a gain) stays possible."""
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "location_id": self.stock_location.id}
        )
        quant = (
            self.env["stock.quant"]
            .with_user(self.stock_user)
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": self.cookie_tray.id,
                    "location_id": shelf.id,
                    "lot_id": self.tray_2.id,
                    "inventory_quantity": 2,
                }
            )
        )
        quant.action_apply_inventory()
        self.assertEqual(self._on_hand(self.tray_2, shelf), 2)

    def test_move_written_done_with_held_lot_refused(self):
        """A pending delivery written done by RPC is checked like a validated one."""
        self.tray_4.write({"trace_status": "blocked", "trace_status_reason": "Mould"})
        with self._refused(UserError, "COOKIES-1-004.*delivered to a customer.*Mould"):
            self._as_user(self.pending_grocer.move_ids).write({"state": "done"})
        self.assertNotEqual(self.pending_grocer.move_ids.state, "done")

    def test_line_moved_to_done_delivery_with_held_lot_refused(self):
        """An open line of a held lot moved onto a done delivery becomes a done delivery
        line: checked."""
        line = self.pending_grocer.move_line_ids
        self.tray_4.write({"trace_status": "blocked", "trace_status_reason": "Mould"})
        with self._refused(UserError, "COOKIES-1-004.*delivered to a customer"):
            self._as_user(line).write({"move_id": self.delivery_bistro.move_ids.id})
        self.assertEqual(line.move_id, self.pending_grocer.move_ids)

    def test_scrap_of_held_lot_allowed(self):
        """Scrapping a lot on hold is allowed by design."""
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.cookie_tray.id,
                "lot_id": self.tray_2.id,
                "scrap_qty": 2,
                "location_id": self.stock_location.id,
            }
        )
        self._as_user(scrap).action_validate()
        self.assertEqual(self._on_hand(self.tray_2), 10)

    # 2. genealogy cut by a plain Inventory user
    def test_consume_links_of_done_lines_refused(self):
        lots_before = self.flour_bad._get_downstream_lots()
        customers_before = self.flour_bad._get_customer_deliveries()
        self.assertGreater(len(lots_before), 1)
        self.assertTrue(customers_before)
        with self._refused(UserError, "genealogy links"):
            self._as_user(self.batch_line).write({"consume_line_ids": [Command.clear()]})
        with self._refused(UserError, "genealogy links"):
            self._as_user(self.flour_line).write(
                {"produce_line_ids": [Command.unlink(self.batch_line.id)]}
            )
        with self._refused(UserError, "genealogy links"):
            self._as_user(self.bake_mo.move_finished_ids).write(
                {
                    "move_line_ids": [
                        Command.update(self.batch_line.id, {"consume_line_ids": [Command.clear()]})
                    ]
                }
            )
        self.assertIn(self.flour_line, self.batch_line.consume_line_ids)
        self.assertEqual(self.flour_bad._get_downstream_lots(), lots_before)
        self.assertEqual(len(self.flour_bad._get_customer_deliveries()), len(customers_before))

    def test_links_added_to_done_lines_refused(self):
        """A line created with links to done lines changes the links of those done lines."""
        with self._refused(UserError, "genealogy links"):
            self._as_user(self.bistro_line).write(
                {"consume_line_ids": [Command.link(self.flour_line.id)]}
            )
        move = self.delivery_bistro.move_ids
        with self._refused(UserError, "genealogy links"):
            self._as_user(self.env["stock.move.line"]).create(
                {
                    "move_id": move.id,
                    "picking_id": self.delivery_bistro.id,
                    "product_id": self.cookie_tray.id,
                    "product_uom_id": self.cookie_tray.uom_id.id,
                    "lot_id": self.tray_4.id,
                    "quantity": 1,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "consume_line_ids": [Command.set(self.flour_line.ids)],
                }
            )

    def test_links_forged_context_refused(self):
        """The operations' permission cannot be sent in an RPC context."""
        line = self._as_user(self.batch_line).with_context(
            lot_traceability_genealogy_operation=True
        )
        with self._refused(UserError, "genealogy links"):
            line.write({"consume_line_ids": [Command.clear()]})

    def test_links_corrected_by_manager_traced(self):
        butter_line = self.batch_line.consume_line_ids - self.flour_line
        self.batch_line.with_user(self.trace_manager).write(
            {"consume_line_ids": [Command.unlink(butter_line.id)]}
        )
        self.assertEqual(self.batch_line.consume_line_ids, self.flour_line)
        body = self.bake_mo.message_ids[:1].body
        self.assertIn("BUTTER-1", body)
        self.assertIn("COOKIES-1", body)
        self.assertEqual(self.bake_mo.message_ids[:1].author_id, self.trace_manager.partner_id)

    def test_operations_still_link(self):
        """Manufacturing (by a manufacturing manager) and split and merge (by a Traceability
        user) still link their lines, though neither user may correct links."""
        planner = self.env["res.users"].create(
            {
                "name": "Planner",
                "login": "planner",
                "email": "planner@example.com",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("mrp.group_mrp_manager").id,
                            self.env.ref("stock.group_stock_user").id,
                            self.env.ref("stock.group_production_lot").id,
                        ]
                    )
                ],
            }
        )
        self.assertIn(self.flour_line, self.batch_line.consume_line_ids)
        with patch.object(type(self), "env", self.env(user=planner)):
            batch, _mo = self._produce(self.cookie_batch, "COOKIES-2", 10, [(self.butter_lot, 5)])
        self.assertIn(batch, self.butter_lot._get_downstream_lots())
        with patch.object(type(self), "env", self.env(user=self.trace_user)):
            halves = self._split(batch, unit_count=2, unit_quantity=5)
            merged = self._merge(halves, "COOKIES-2-MERGED")
        self.assertEqual(merged._get_upstream_lots() & halves, halves)
        self.assertIn(merged, self.butter_lot._get_downstream_lots())

    # 8. unbuilding a held assembly gives its components back on hold
    def _unbuild(self, quantity):
        unbuild_form = Form(self.env["mrp.unbuild"].with_user(self.stock_user))
        unbuild_form.mo_id = self.bake_mo
        unbuild_form.product_qty = quantity
        unbuild = unbuild_form.save()
        unbuild.action_unbuild()
        return unbuild

    def test_unbuild_with_byproduct_links(self):
        """Odoo links the byproduct lines an unbuild takes back to the components it gives
        back (links of done lines): still so when a plain user unbuilds."""
        crumbs = self._create_lot_product("Test Crumbs", self.uom_kg)
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.cookie_batch.product_tmpl_id.id,
                "product_id": self.cookie_batch.id,
                "product_qty": 1.0,
                "product_uom_id": self.uom_kg.id,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": self.butter.id,
                            "product_qty": 0.5,
                            "product_uom_id": self.uom_kg.id,
                        }
                    )
                ],
                "byproduct_ids": [
                    Command.create(
                        {
                            "product_id": crumbs.id,
                            "product_qty": 0.1,
                            "product_uom_id": self.uom_kg.id,
                        }
                    )
                ],
            }
        )
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.cookie_batch
        mo_form.bom_id = bom
        mo_form.product_qty = 10
        mo = mo_form.save()
        mo.action_confirm()
        mo_form = Form(mo)
        mo_form.qty_producing = 10
        mo_form.lot_producing_id = self.env["stock.lot"].create(
            {"name": "COOKIES-B", "product_id": self.cookie_batch.id}
        )
        mo = mo_form.save()
        for move, lot in (
            (mo.move_raw_ids, self.butter_lot),
            (
                mo.move_byproduct_ids,
                self.env["stock.lot"].create({"name": "CRUMBS-1", "product_id": crumbs.id}),
            ),
        ):
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                move._prepare_move_line_vals(quantity=move.product_uom_qty) | {"lot_id": lot.id}
            )
        (mo.move_raw_ids | mo.move_byproduct_ids).picked = True
        mo.button_mark_done()
        self.assertEqual(mo.state, "done")
        unbuild_form = Form(self.env["mrp.unbuild"].with_user(self.stock_user))
        unbuild_form.mo_id = mo
        unbuild_form.product_qty = 10
        unbuild = unbuild_form.save()
        unbuild.action_unbuild()
        crumbs_line = unbuild.produce_line_ids.move_line_ids.filtered(
            lambda line: line.product_id == crumbs
        )
        self.assertEqual(crumbs_line.produce_line_ids.lot_id, self.butter_lot)

    def test_unbuild_of_recalled_lot_holds_components(self):
        self.batch.write({"trace_status": "recalled", "trace_status_reason": "Glass"})
        self.flour_bad.write({"trace_status": "available"})
        self._unbuild(5)
        for lot in (self.flour_bad, self.butter_lot):
            self.assertEqual(lot.trace_status, "recalled")
            self.assertIn("COOKIES-1", lot.trace_status_reason)

    def test_unbuild_keeps_held_component_status(self):
        self.batch.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})
        self.butter_lot.write({"trace_status": "blocked", "trace_status_reason": "Rancid"})
        self._unbuild(5)
        self.assertEqual(self.flour_bad.trace_status, "quarantine")
        self.assertIn("COOKIES-1", self.flour_bad.trace_status_reason)
        self.assertEqual(self.butter_lot.trace_status, "blocked")
        self.assertEqual(self.butter_lot.trace_status_reason, "Rancid")

    def test_unbuild_of_available_lot_keeps_components_available(self):
        self._unbuild(5)
        self.assertEqual(self.flour_bad.trace_status, "available")
        self.assertEqual(self.butter_lot.trace_status, "available")

    # 9. zeroing a held lot by inventory adjustment
    def _count(self, lot, quantity, user):
        quant = self.env["stock.quant"]._gather(
            lot.product_id, self.stock_location, lot_id=lot, strict=True
        )
        quant = quant.with_user(user).with_context(inventory_mode=True)
        quant.inventory_quantity = quantity
        quant.action_apply_inventory()

    def test_inventory_zeroing_held_lot_manager_only(self):
        recall = self._open_recall()
        self.flour_bad.write({"trace_status": "recalled", "trace_status_reason": "Glass"})
        with self._refused(AccessError, "FLOUR-BAD.*inventory adjustment"):
            self._count(self.flour_bad, 0, self.stock_user)
        self.assertEqual(self._on_hand(self.flour_bad), 60)
        self._count(self.flour_bad, 0, self.trace_manager)
        self.assertEqual(self._on_hand(self.flour_bad), 0)
        recall.action_recompute()
        line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.flour_bad)
        self.assertEqual(line.qty_inventory_loss, 60)
        # the recall's PDF and XLSX show it beside the other flows of the mass balance
        sections = self.env["report.lot_traceability.report_recall"]._get_recall_sections(recall)
        lot_row = next(row for row in sections["lots"] if row["lot"] == self.flour_bad.name)
        self.assertEqual(lot_row["qty_inventory_loss"], 60)

    def test_inventory_count_of_available_lot_free(self):
        self._count(self.butter_lot, 5, self.stock_user)
        self.assertEqual(self._on_hand(self.butter_lot), 5)

    def test_held_lot_edits_refused_before_anything_is_written(self):
        """The refusal comes before Odoo's write and create: a module loaded before this one
        (stock_account values the edit of a done line, and a plain stock user may not read
        its journal entries) cannot answer first with its own error."""
        written = AssertionError("stock.move.line written before the hold was checked")
        with patch.object(StockMoveLine, "write", side_effect=written, autospec=True):
            with self._refused(UserError, "COOKIES-1-002.*delivered to a customer.*Lab test"):
                self._as_user(self.bistro_line).write({"lot_id": self.tray_2.id})
        with patch.object(StockMoveLine, "create", side_effect=written, autospec=True):
            with self._refused(UserError, "FLOUR-OK.*consumed in manufacturing.*Moisture"):
                move = self.bake_mo.move_raw_ids.filtered(lambda m: m.product_id == self.flour)
                self._as_user(self.env["stock.move.line"]).create(
                    {
                        "move_id": move.id,
                        "product_id": self.flour.id,
                        "product_uom_id": self.flour.uom_id.id,
                        "lot_id": self.flour_ok.id,
                        "quantity": 5,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )

    def test_dropship_of_held_lot_refused(self):
        """A line from a supplier straight to a customer is a receipt to the move line
        classifier, and a delivery to the hold: a lot on hold is not dropshipped."""
        with self._refused(UserError, "COOKIES-1-002.*delivered to a customer.*Lab test"):
            self._move_lot(
                self.tray_2,
                1,
                self.supplier_location,
                self.customer_location,
                self.grocer,
                picking_type=self.in_type,
            )
        self.assertFalse(
            self.env["stock.move.line"].search(
                [
                    ("lot_id", "=", self.tray_2.id),
                    ("location_id", "=", self.supplier_location.id),
                    ("location_dest_id", "=", self.customer_location.id),
                    ("state", "=", "done"),
                ]
            )
        )
