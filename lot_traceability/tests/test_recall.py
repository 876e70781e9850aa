# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import base64
import datetime
import io
import logging
import re
import zipfile
from unittest.mock import patch

from odoo import fields
from odoo.addons.lot_traceability.orm_bypass import sql_create as sql_create_module
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common_recall import RecallCommon

SQL_CREATE_LOGGER = "odoo.addons.lot_traceability.orm_bypass.sql_create"


@tagged("post_install", "-at_install")
class TestRecallAffectedSet(RecallCommon):
    def test_recall_form(self):
        with Form(self.Recall) as recall_form:
            recall_form.reason = "Supplier alert"
            recall_form.suspect_lot_ids.add(self.flour_bad)
        recall = recall_form.record
        self.assertEqual(recall.responsible_id, self.env.user)
        self.assertEqual(recall.quarantine_location_id, self.quarantine)
        self.assertTrue(recall.quarantine_move)

    def test_start_a_recall_from_a_lot(self):
        action = self.flour_bad.action_start_recall()
        self.assertEqual(
            (action["res_model"], action["views"]), ("stock.lot.recall", [(False, "form")])
        )
        with Form(self.Recall.with_context(**action["context"])) as recall_form:
            recall_form.reason = "Supplier alert"
        recall = recall_form.record
        self.assertEqual(recall.state, "draft")
        self.assertEqual(recall.suspect_mode, "lots")
        self.assertEqual(recall.suspect_lot_ids, self.flour_bad)
        self.assertEqual(self.flour_bad.recall_ids, recall)

    def test_reference_from_sequence(self):
        recall = self._create_recall()
        year = fields.Date.today().year
        self.assertRegex(recall.name, rf"^RCL/{year}/\d{{4}}$")
        self.assertEqual(recall.state, "draft")

    def test_open_computes_affected_lots_with_depth_and_origin(self):
        recall = self._open_recall()
        self.assertEqual(recall.state, "open")
        self.assertTrue(recall.opened_date)
        lines = {line.lot_id: line for line in recall.affected_lot_ids}
        self.assertEqual(
            set(lines), set(self.flour_bad | self.batch | self.trays), "FLOUR-OK not affected"
        )
        self.assertEqual(lines[self.flour_bad].depth, 0)
        self.assertEqual(lines[self.batch].depth, 1)
        self.assertEqual({lines[tray].depth for tray in self.trays}, {2})
        self.assertEqual(
            {line.suspect_lot_id for line in recall.affected_lot_ids}, {self.flour_bad}
        )

    def test_mass_balance_per_lot(self):
        recall = self._open_recall()
        lines = {line.lot_id: line for line in recall.affected_lot_ids}
        flour = lines[self.flour_bad]
        self.assertEqual((flour.qty_in, flour.qty_consumed, flour.qty_on_hand), (100, 40, 60))
        batch = lines[self.batch]
        self.assertEqual((batch.qty_in, batch.qty_consumed, batch.qty_on_hand), (50, 40, 10))
        tray_3 = lines[self.tray_3]
        self.assertEqual(
            (tray_3.qty_in, tray_3.qty_delivered, tray_3.qty_on_hand), (20, 15, 5), "net of return"
        )
        self.assertFalse(recall.affected_lot_ids.filtered("is_unaccounted"))
        self.assertEqual(recall.unaccounted_lot_count, 0)
        self.assertEqual(recall.accounted_share, 100)

    def test_mass_balance_ignores_another_companys_moves(self):
        """FLOUR-BAD has no company (its product is shared): another company received some
        of it too. The recall's mass balance counts the recall's company only, like its
        deliveries and on-hand quantities, and shows nothing unaccounted."""
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        other_stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", other_company.id)], limit=1)
            .lot_stock_id
        )
        move = (
            self.env["stock.move"]
            .with_company(other_company)
            .create(
                {
                    "name": "Other receipt",
                    "company_id": other_company.id,
                    "product_id": self.flour.id,
                    "product_uom": self.flour.uom_id.id,
                    "product_uom_qty": 30,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": other_stock.id,
                }
            )
        )
        move._action_confirm()
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "company_id": other_company.id,
                "product_id": self.flour.id,
                "lot_id": self.flour_bad.id,
                "quantity": 30,
                "location_id": self.supplier_location.id,
                "location_dest_id": other_stock.id,
            }
        )
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        recall = self._create_recall().with_user(self.trace_manager)
        recall.action_open()
        flour = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.flour_bad)
        self.assertEqual((flour.qty_in, flour.qty_consumed, flour.qty_on_hand), (100, 40, 60))
        self.assertFalse(recall.affected_lot_ids.filtered("is_unaccounted"))

    def test_customers_addresses_and_deliveries_net_of_returns(self):
        recall = self._open_recall()
        customers = {customer.partner_id: customer for customer in recall.customer_ids}
        self.assertEqual(set(customers), {self.bistro, self.grocer})
        bistro = customers[self.bistro]
        self.assertEqual(bistro.address_ids, self.bistro | self.bistro_kitchen)
        self.assertEqual(bistro.lot_ids, self.tray_1 | self.tray_2)
        self.assertEqual(
            sorted(bistro.delivery_ids.mapped(lambda d: (d.address_id, d.picking_id, d.quantity))),
            sorted(
                [
                    (self.bistro, self.delivery_bistro, 12),
                    (self.bistro_kitchen, self.delivery_kitchen, 8),
                ]
            ),
        )
        grocer = customers[self.grocer]
        self.assertEqual(sorted(grocer.delivery_ids.mapped("quantity")), [-5, 20])
        self.assertEqual(grocer.quantity_summary, "15 Units")
        self.assertEqual(recall.customer_count, 2)
        self.assertEqual(recall.delivery_count, 4)

    def test_customers_and_deliveries_created_in_one_batch_each(self):
        """However many customers a recall reaches, its snapshot creates the customers in one
        create and inserts their deliveries (and the lots, the on-hand quantities) with one
        INSERT each (not two creates per customer, nor an ORM create of 180,000 deliveries
        for a hub lot). The deliveries: one ``INSERT … SELECT`` written by PostgreSQL, not
        through ``sql_create`` (see test_recall_sql_snapshot.py)."""
        recall = self._create_recall()
        calls = []
        customer_class = type(self.env["stock.lot.recall.customer"])
        original_create = customer_class.create

        def create(records, vals_list):
            calls.append(("create", records._name, len(vals_list)))
            return original_create(records, vals_list)

        original_sql_create = sql_create_module.sql_create

        def insert(model, vals_list, *args, **kwargs):
            records = original_sql_create(model, vals_list, *args, **kwargs)
            calls.append(("insert", model._name, len(records or ())))
            return records

        with (
            patch.object(customer_class, "create", create),
            patch.object(sql_create_module, "sql_create", insert),
            self.assertNoLogs(SQL_CREATE_LOGGER, logging.INFO),
        ):
            recall.action_open()
        self.assertEqual(
            calls,
            [
                ("create", "stock.lot.recall.customer", 2),
                ("insert", "stock.lot.recall.lot", len(recall.affected_lot_ids)),
                ("insert", "stock.lot.recall.onhand", len(recall.onhand_ids)),
                ("insert", "stock.lot.recall.shipment", len(recall.shipment_ids)),
            ],
        )
        self.assertEqual(recall.customer_ids.delivery_ids, recall.delivery_ids)
        self.assertEqual(len(recall.delivery_ids), 4)

    def test_on_hand_and_shipments_to_stop(self):
        recall = self._open_recall()
        on_hand = {(o.lot_id, o.location_id): o.quantity for o in recall.onhand_ids}
        self.assertEqual(
            on_hand,
            {
                (self.flour_bad, self.stock_location): 60,
                (self.batch, self.stock_location): 10,
                (self.tray_1, self.stock_location): 8,
                (self.tray_2, self.stock_location): 12,
                (self.tray_3, self.stock_location): 5,
                (self.tray_4, self.stock_location): 20,
            },
        )
        self.assertFalse(recall.onhand_ids.filtered("held"))
        shipment = recall.shipment_ids
        self.assertEqual(shipment.picking_id, self.pending_grocer)
        self.assertEqual((shipment.lot_id, shipment.quantity), (self.tray_4, 5))
        self.assertEqual(shipment.address_id, self.grocer)

    def test_unaccounted_quantity_is_shown(self):
        quant = self.env["stock.quant"]._gather(
            self.cookie_tray, self.stock_location, lot_id=self.tray_4, strict=True
        )
        quant.inventory_quantity = 18
        quant.action_apply_inventory()
        recall = self._open_recall()
        line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.tray_4)
        self.assertEqual(line.qty_unaccounted, 2)
        self.assertTrue(line.is_unaccounted)
        self.assertEqual(recall.unaccounted_lot_count, 1)
        self.assertEqual(recall.unaccounted_summary, "COOKIES-1-004: 2 Units")
        action = recall.action_view_unaccounted()
        self.assertEqual(action["domain"][-1], ("is_unaccounted", "=", True))

    def test_recompute_keeps_what_was_known_in_chatter(self):
        recall = self._open_recall()
        recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro).action_notify()
        third = self.env["res.partner"].create({"name": "Test Cafe", "email": "cafe@example.com"})
        self._deliver(self.tray_4, 3, third)
        recall.action_recompute()
        self.assertEqual(recall.customer_count, 3)
        bistro = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
        self.assertTrue(bistro.notified_date, "notification kept across recomputes")
        message = recall.message_ids[0]
        self.assertIn("Affected set recomputed", message.body)
        self.assertIn("Previously known", message.body)
        self.assertIn("Customers: 2", message.body)
        self.assertIn("Customers: 3", message.body)

    def test_multi_level_chain(self):
        gift_box = self._create_lot_product("Test Gift Box", self.uom_unit)
        box_lot, _mo = self._produce(gift_box, "BOX-1", 2, [(self.tray_4, 10)])
        self._deliver(box_lot, 2, self.grocer)
        recall = self._open_recall()
        line = recall.affected_lot_ids.filtered(lambda line: line.lot_id == box_lot)
        self.assertEqual(line.depth, 3)
        self.assertEqual(line.suspect_lot_id, self.flour_bad)
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        self.assertIn(box_lot, grocer.lot_ids)
        tray_4 = recall.affected_lot_ids.filtered(lambda line: line.lot_id == self.tray_4)
        self.assertEqual((tray_4.qty_consumed, tray_4.qty_on_hand), (10, 10))

    def test_recall_from_a_downstream_lot_only(self):
        recall = self._open_recall(self.tray_3)
        self.assertEqual(recall.affected_lot_ids.lot_id, self.tray_3)
        self.assertEqual(recall.customer_ids.partner_id, self.grocer)

    def test_suspect_lots_by_product_and_production_date(self):
        today = fields.Date.today()
        (self.flour_bad | self.flour_ok).write({"production_date": today})
        recall = self._create_recall(
            lots=self.env["stock.lot"],
            suspect_mode="production_dates",
            product_id=self.flour.id,
            production_date_from=today,
            production_date_to=today,
        )
        recall.action_open()
        self.assertEqual(recall.suspect_lot_ids, self.flour_bad | self.flour_ok)
        self.assertIn(self.flour_ok, recall.affected_lot_ids.lot_id)


@tagged("post_install", "-at_install")
class TestRecallActions(RecallCommon):
    def test_state_and_milestones_set_by_actions_only(self):
        """Issue #15 (sibling of forged documents): a manager could write a recall's state and
        the dates of its milestones through RPC, and so its "time to complete report"."""
        recall = self._open_recall().with_user(self.trace_manager)
        opened = recall.opened_date
        for vals in (
            {"opened_date": fields.Datetime.now() - datetime.timedelta(days=3)},
            {"report_completed_date": fields.Datetime.now()},
            {"affected_date": fields.Datetime.now()},
            {"closed_date": fields.Datetime.now()},
            {"state": "closed"},
        ):
            with self.assertRaisesRegex(AccessError, "set by\\s+its actions"):
                recall.write(vals)
        with self.assertRaisesRegex(AccessError, "starts as a draft"):
            self.Recall.with_user(self.trace_manager).create(
                {
                    "reason": "Forged",
                    "suspect_lot_ids": [(6, 0, self.flour_bad.ids)],
                    "state": "open",
                    "opened_date": fields.Datetime.now() - datetime.timedelta(days=3),
                }
            )
        self.assertEqual((recall.state, recall.opened_date), ("open", opened))
        # the actions still write them, for a manager
        recall.action_complete_report()
        self.assertTrue(recall.report_completed_date)
        recall.action_cancel()
        self.assertEqual(recall.state, "cancelled")

    def test_hold_stock_recalls_unreserves_and_quarantines(self):
        recall = self._open_recall()
        recall.action_hold_stock()
        affected = self.flour_bad | self.batch | self.trays
        self.assertEqual(set(affected.mapped("trace_status")), {"recalled"})
        self.assertIn(recall.name, self.tray_4.trace_status_reason)
        self.assertEqual(self.flour_ok.trace_status, "available")
        self.assertFalse(self.pending_grocer.move_ids.move_line_ids, "reservation removed")
        self.assertTrue(recall.shipment_ids.stopped_date)
        picking = recall.quarantine_picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id.code, "internal")
        self.assertEqual(len(picking.move_ids), 6, "ONE transfer for every on-hand quantity")
        self.assertEqual(
            picking.move_ids.move_line_ids.picking_id,
            picking,
            "the quarantine lines belong to the transfer (its Operations tab, its report)",
        )
        self.assertEqual(self._on_hand(self.tray_4, self.quarantine), 20)
        self.assertEqual(self._on_hand(self.flour_bad, self.quarantine), 60)
        self.assertEqual(self._on_hand(self.flour_bad), 0)
        self.assertEqual(self._on_hand(self.flour_ok), 50)
        self.assertTrue(all(recall.onhand_ids.mapped("held")))
        self.assertEqual(recall.onhand_ids.location_id, self.quarantine)
        self.assertIn("Stock held", recall.message_ids[0].body)

    def test_hold_stock_without_quarantine_move(self):
        recall = self._open_recall(quarantine_move=False)
        recall.action_hold_stock()
        self.assertFalse(recall.quarantine_picking_id)
        self.assertEqual(self._on_hand(self.tray_4), 20)
        self.assertEqual(self.tray_4.trace_status, "recalled")
        self.assertEqual(recall.onhand_to_hold_count, 0)

    def test_hold_refused_when_stock_was_consumed_since_snapshot(self):
        recall = self._open_recall()
        self._produce(self.cookie_batch, "COOKIES-2", 10, [(self.flour_bad, 10)])
        with self.assertRaisesRegex(
            UserError,
            r"consumed, delivered or moved since it was computed.*nothing was held.*\n"
            r"FLOUR-BAD at WH/Stock: 60.0 kg in the affected set, 50.0 now",
        ):
            recall.action_hold_stock()
        self.assertEqual(self.flour_bad.trace_status, "available")
        self.assertFalse(recall.quarantine_picking_id)
        self.assertFalse(recall.held_date)
        self.assertTrue(self.pending_grocer.move_ids.move_line_ids, "still reserved")

    def test_hold_stock_takes_recalled_lots_off_manufacturing_orders(self):
        """A manufacturing order that reserved a suspect lot as a component gets another
        available lot instead when the recall holds stock."""
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.cookie_batch.product_tmpl_id.id,
                "product_qty": 1,
                "product_uom_id": self.cookie_batch.uom_id.id,
                "bom_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.flour.id,
                            "product_qty": 1,
                            "product_uom_id": self.flour.uom_id.id,
                        },
                    )
                ],
            }
        )
        production = self.env["mrp.production"].create(
            {
                "product_id": self.cookie_batch.id,
                "bom_id": bom.id,
                "product_qty": 5,
                "product_uom_id": self.cookie_batch.uom_id.id,
            }
        )
        production.action_confirm()
        production.action_assign()
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, self.flour_bad)
        recall = self._open_recall(quarantine_move=False)
        recall.action_hold_stock()
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, self.flour_ok)
        self.assertIn("FLOUR-BAD", production.message_ids[0].body)

    def test_notify_customers_queues_one_email_each(self):
        recall = self._open_recall()
        recall.action_notify_customers()
        for customer in recall.customer_ids:
            self.assertTrue(customer.notified_date)
            mail = customer.mail_id
            self.assertEqual(mail.state, "outgoing", "sent by the mail queue")
            self.assertEqual(mail.recipient_ids, customer.partner_id)
            self.assertIn(recall.name, mail.subject)
            for delivery in customer.delivery_ids:
                self.assertIn(delivery.lot_id.name, mail.body_html)
                self.assertIn(delivery.picking_id.name, mail.body_html)
        bistro = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
        self.assertIn("Kitchen Door", bistro.mail_id.body_html)
        self.assertIn("Recall notice emailed to Test Bistro", recall.message_ids[0].body)
        self.assertEqual(recall.customer_to_notify_count, 0)

    def test_notify_refused_for_customer_without_email(self):
        self.grocer.email = False
        recall = self._open_recall()
        mails_before = self.env["mail.mail"].search_count([])
        with self.assertRaisesRegex(
            UserError, r"no email address for Test Grocer.*no customer was notified"
        ):
            recall.action_notify_customers()
        self.assertFalse(recall.customer_ids.filtered("notified_date"))
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)

    def test_customer_without_email_notified_otherwise_then_close(self):
        """A customer without email address (or deliveries without customer) does not keep
        the recall open forever: the team records a notice given by phone or letter."""
        self.grocer.email = False
        recall = self._open_recall()
        recall.action_hold_stock()
        bistro = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        bistro.action_notify()
        with self.assertRaisesRegex(UserError, "customers not notified: Test Grocer"):
            recall.action_close()
        grocer.with_user(self.trace_manager).action_mark_notified()
        self.assertTrue(grocer.notified_otherwise)
        self.assertFalse(grocer.mail_id)
        self.assertIn("Notified without an email", recall.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "Test Grocer already notified"):
            grocer.action_mark_notified()
        recall.action_recompute()
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        self.assertTrue(grocer.notified_otherwise, "kept by a recompute")
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_acknowledge_after_notice(self):
        recall = self._open_recall()
        grocer = recall.customer_ids.filtered(lambda c: c.partner_id == self.grocer)
        with self.assertRaisesRegex(UserError, "Test Grocer was not notified yet"):
            grocer.action_acknowledge()
        grocer.action_notify()
        grocer.action_acknowledge()
        self.assertEqual(grocer.notification_state, "acknowledged")
        self.assertIn("acknowledged the recall notice", recall.message_ids[0].body)

    def test_close_requires_notified_customers_and_held_stock(self):
        recall = self._open_recall()
        with self.assertRaisesRegex(
            UserError,
            r"cannot be closed yet: customers not notified: Test Bistro, Test Grocer; "
            r"on-hand quantities not held: FLOUR-BAD \(WH/Stock\)",
        ):
            recall.action_close()
        self.assertEqual(recall.state, "open")
        recall.action_hold_stock()
        recall.action_notify_customers()
        recall.action_close()
        self.assertEqual(recall.state, "closed")
        self.assertTrue(recall.report_completed_date)

    def test_release_after_hold_makes_stock_not_held(self):
        recall = self._open_recall(quarantine_move=False)
        recall.action_hold_stock()
        self.tray_4.with_user(self.trace_manager).action_trace_release()
        self.assertEqual(recall.onhand_to_hold_count, 1)

    def test_closed_recall_cannot_be_edited(self):
        recall = self._open_recall()
        recall.action_hold_stock()
        recall.action_notify_customers()
        recall.action_close()
        with self.assertRaisesRegex(UserError, r"is closed: it can no longer be changed"):
            recall.reason = "Changed afterwards"
        with self.assertRaisesRegex(UserError, r"is closed: it can no longer be changed"):
            recall.onhand_ids[0].quantity = 1
        with self.assertRaisesRegex(UserError, r"Closed: recomputing the affected set needs"):
            recall.action_recompute()
        self.assertEqual(recall.reason, "Glass fragments found in flour lot FLOUR-BAD")
        recall.customer_ids[0].acknowledged_date = fields.Datetime.now()

    def test_suspects_fixed_once_open(self):
        recall = self._open_recall()
        with self.assertRaisesRegex(
            UserError, r"is Open: its suspects and mock-recall flag can only change in draft"
        ):
            recall.write({"suspect_lot_ids": [(4, self.flour_ok.id)], "is_exercise": True})
        self.assertEqual(recall.suspect_lot_ids, self.flour_bad)
        self.assertFalse(recall.is_exercise)

    def test_open_refused_without_suspect_lots(self):
        recall = self._create_recall(lots=self.env["stock.lot"])
        with self.assertRaisesRegex(UserError, r"has no suspect lots"):
            recall.action_open()
        self.assertEqual(recall.state, "draft")
        self.assertFalse(recall.affected_date)

    def test_open_refused_when_no_lot_in_the_date_range(self):
        recall = self._create_recall(
            lots=self.env["stock.lot"],
            suspect_mode="production_dates",
            product_id=self.flour.id,
            production_date_from=datetime.date(2001, 1, 1),
            production_date_to=datetime.date(2001, 1, 31),
        )
        with self.assertRaisesRegex(
            UserError, r"no lot of Test Flour was produced between 2001-01-01 and 2001-01-31"
        ):
            recall.action_open()
        self.assertEqual(recall.state, "draft")


@tagged("post_install", "-at_install")
class TestMockRecall(RecallCommon):
    def test_exercise_changes_no_stock_and_emails_no_customer(self):
        recall = self._open_recall(is_exercise=True)
        recall.action_hold_stock()
        self.assertEqual(set((self.flour_bad | self.trays).mapped("trace_status")), {"available"})
        self.assertFalse(recall.quarantine_picking_id)
        self.assertEqual(self._on_hand(self.tray_4), 20)
        self.assertTrue(self.pending_grocer.move_ids.move_line_ids, "still reserved")
        self.assertIn("Exercise: Hold Stock simulated", recall.message_ids[0].body)
        mails_before = self.env["mail.mail"].search_count([])
        recall.action_notify_customers()
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        self.assertTrue(all(recall.customer_ids.mapped("notification_simulated")))
        self.assertIn("Exercise: would email Test Bistro", recall.message_ids[0].body)
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_exercise_records_time_to_report_and_accounted_share(self):
        recall = self._open_recall(is_exercise=True)
        recall.opened_date = fields.Datetime.now() - datetime.timedelta(minutes=90)
        recall.action_complete_report()
        self.assertTrue(recall.report_completed_date)
        self.assertAlmostEqual(recall.report_duration, 1.5, places=2)
        self.assertEqual(recall.accounted_share, 100)
        self.assertIn("Report completed 1.50 hours after opening", recall.message_ids[0].body)

    def test_accounted_share_of_suspect_quantity(self):
        quant = self.env["stock.quant"]._gather(
            self.flour, self.stock_location, lot_id=self.flour_bad, strict=True
        )
        quant.inventory_quantity = 50
        quant.action_apply_inventory()
        recall = self._open_recall(is_exercise=True)
        self.assertEqual(recall.accounted_share, 90, "10 kg of 100 kg unaccounted")

    def test_past_exercises_listed_for_audits(self):
        exercise = self._open_recall(is_exercise=True)
        real = self._open_recall()
        action = self.env.ref("lot_traceability.stock_lot_recall_exercise_action")
        listed = self.Recall.search(ast.literal_eval(action.domain))
        self.assertIn(exercise, listed)
        self.assertNotIn(real, listed)


@tagged("post_install", "-at_install")
class TestRecallReports(RecallCommon):
    def test_pdf_report_lists_customers_lots_and_on_hand(self):
        recall = self._open_recall()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.report_recall", recall.ids)[0]
            .decode()
        )
        for expected in ("Test Bistro", "Kitchen Door", "Test Grocer", "COOKIES-1-004", "WH/Stock"):
            self.assertIn(expected, html)
        self.assertIn(recall.name, html)

    # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores header/footer switches.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_report_renders_through_wkhtmltopdf(self):
        recall = self._open_recall()
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("lot_traceability.action_report_recall", recall.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_pdf_report_values(self):
        recall = self._open_recall()
        values = self.env["report.lot_traceability.report_recall"]._get_report_values(recall.ids)
        section = values["sections"][recall.id]
        self.assertEqual(len(section["lots"]), 6)
        self.assertEqual(len(section["customers"]), 2)
        self.assertEqual(len(section["on_hand"]), 6)

    def test_xlsx_export_has_the_six_sheets(self):
        recall = self._open_recall()
        action = recall.with_user(self.trace_user).action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_id, recall.id)
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas))) as workbook:
            sheets = re.findall(r'<sheet name="([^"]+)"', workbook.read("xl/workbook.xml").decode())
            strings = workbook.read("xl/sharedStrings.xml").decode()
        self.assertEqual(
            sheets, ["Summary", "Lots", "Customers", "On Hand", "Unaccounted", "Suppliers"]
        )
        for expected in ("Test Bistro", "Kitchen Door", "Test Grocer", "COOKIES-1-004"):
            self.assertIn(expected, strings)


@tagged("post_install", "-at_install")
class TestRecallDigest(RecallCommon):
    def test_cron_queues_status_digest_to_responsible_and_followers(self):
        recall = self._open_recall()
        follower = self.env["res.partner"].create(
            {"name": "Quality Lead", "email": "quality@example.com"}
        )
        recall.message_subscribe(partner_ids=follower.ids)
        recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro).action_notify()
        draft = self._create_recall()
        self.env.ref("lot_traceability.ir_cron_recall_status_digest").method_direct_trigger()
        mails = self.env["mail.mail"].search(
            [("model", "=", "stock.lot.recall"), ("res_id", "in", (recall | draft).ids)]
        )
        self.assertEqual(len(mails), 1, "only open recalls")
        self.assertEqual(mails.res_id, recall.id)
        self.assertEqual(mails.state, "outgoing", "queued, not sent synchronously")
        self.assertEqual(mails.recipient_ids, self.trace_manager.partner_id | follower)
        self.assertIn("1 customers to notify, 6 on-hand quantities to hold", mails.subject)
        self.assertIn("Test Grocer", mails.body_html, "customer not yet notified")
        self.assertNotIn("Test Bistro", mails.body_html, "already notified")
        self.assertIn("COOKIES-1-004", mails.body_html, "on hand not yet held")

    def test_digest_subject_shows_zero_counts(self):
        recall = self._open_recall(quarantine_move=False)
        recall.action_hold_stock()
        recall.action_notify_customers()
        recall._cron_send_status_digest()
        mail = self.env["mail.mail"].search(
            [("model", "=", "stock.lot.recall"), ("res_id", "=", recall.id)]
        )
        self.assertIn("0 customers to notify, 0 on-hand quantities to hold", mail.subject)

    def test_cron_is_daily_by_default(self):
        cron = self.env.ref("lot_traceability.ir_cron_recall_status_digest")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertTrue(cron.active)


@tagged("post_install", "-at_install")
class TestRecallAccess(RecallCommon):
    def test_users_view_recalls(self):
        recall = self._open_recall()
        as_user = recall.with_user(self.trace_user)
        self.assertEqual(as_user.customer_count, 2)
        self.assertEqual(len(as_user.customer_ids.delivery_ids), 4)
        self.assertTrue(as_user.onhand_ids.mapped("location_id"))

    def test_users_cannot_act(self):
        recall = self._open_recall()
        with self.assertRaises(AccessError):
            self.Recall.with_user(self.trace_user).create({"reason": "Try"})
        with self.assertRaises(AccessError):
            recall.with_user(self.trace_user).action_hold_stock()
        with self.assertRaises(AccessError):
            recall.customer_ids.with_user(self.trace_user).action_notify()
        self.assertEqual(self.flour_bad.trace_status, "available")
        self.assertFalse(recall.customer_ids.filtered("notified_date"))

    def test_managers_act(self):
        recall = self.Recall.with_user(self.trace_manager).create(
            {"reason": "Manager recall", "suspect_lot_ids": [(6, 0, self.flour_bad.ids)]}
        )
        recall.action_open()
        recall.action_hold_stock()
        self.assertEqual(self.tray_4.trace_status, "recalled")

    def test_multi_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        recall = self._open_recall()
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "outsider",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("lot_traceability.group_traceability_manager").id])
                ],
            }
        )
        self.assertFalse(self.Recall.with_user(outsider).search([("id", "=", recall.id)]))
        self.assertFalse(
            self.env["stock.lot.recall.lot"]
            .with_user(outsider)
            .search([("recall_id", "=", recall.id)])
        )


@tagged("post_install", "-at_install")
class TestRecallTour(HttpCase, RecallCommon):
    def test_recall_tour(self):
        self.trace_manager.password = "trace_manager"
        recall = self._create_recall()
        self.start_tour(
            f"/odoo/action-lot_traceability.stock_lot_recall_action/{recall.id}",
            "lot_traceability_recall_tour",
            login="trace_manager",
        )
        self.assertEqual(recall.state, "closed")
        self.assertEqual(self.tray_4.trace_status, "recalled")
        self.assertTrue(all(recall.customer_ids.mapped("notified_date")))


@tagged("post_install", "-at_install")
class TestRecallOnLot(RecallCommon):
    def test_lot_lists_its_recalls_and_open_ones(self):
        recall = self._create_recall()
        self.assertEqual(self.flour_bad.recall_ids, recall, "a suspect lot knows its recall")
        self.assertFalse(self.flour_bad.open_recall_ids, "draft: no banner yet")
        recall.action_open()
        self.env.invalidate_all()  # computed on read, as the next screen does
        self.assertEqual(self.flour_bad.open_recall_ids, recall)
        tray = self.tray_1
        self.assertIn(tray, recall.affected_lot_ids.lot_id)
        self.assertEqual(tray.recall_count, 1, "an affected lot knows its recall")
        action = tray.action_view_recalls()
        self.assertEqual(self.env["stock.lot.recall"].search(action["domain"]), recall)
        recall.action_cancel()
        self.env.invalidate_all()
        self.assertFalse((self.flour_bad | tray).recall_ids, "cancelled recalls are left out")
        self.assertFalse(self.flour_ok.recall_ids)
