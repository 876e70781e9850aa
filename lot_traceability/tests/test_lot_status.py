# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_lots import LotsCommon


@tagged("post_install", "-at_install")
class TestLotStatusEnforcement(LotsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.out_type = cls.warehouse.out_type_id
        cls.lot_held = cls._create_lot(cls.product_lot, "FLOUR-Q", 10)
        cls.lot_held.write({"trace_status": "quarantine", "trace_status_reason": "Lab test"})

    def _hold(self, lot, status="blocked", reason="Supplier alert"):
        lot.write({"trace_status": status, "trace_status_reason": reason})

    def test_reservation_skips_lot_on_hold(self):
        # The held lot came in first: FIFO would take it.
        lot_ok = self._create_lot(self.product_lot, "FLOUR-OK", 10)
        delivery = self._create_picking(self.out_type, self.product_lot, 5, self.customer)
        delivery.action_assign()
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(delivery.move_line_ids.lot_id, lot_ok)

    def test_reservation_leaves_move_waiting_when_only_lots_on_hold(self):
        delivery = self._create_picking(self.out_type, self.product_lot, 5, self.customer)
        delivery.action_assign()
        self.assertEqual(delivery.state, "confirmed")
        self.assertFalse(delivery.move_line_ids)

    def test_reservation_of_lot_on_hold_allowed_on_request(self):
        delivery = self._create_picking(
            self.warehouse.int_type_id, self.product_lot, 5, location_dest=self.quarantine_location
        )
        delivery.with_context(lot_traceability_gather_on_hold=True).action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot_held)

    def test_delivery_refused(self):
        delivery = self._create_picking(self.out_type, self.product_lot, 5, self.customer)
        self._set_move_line_lot(delivery.move_ids, self.lot_held, 5)
        with self.assertRaisesRegex(
            UserError,
            r"Lot FLOUR-Q of Test Flour cannot be delivered to a customer: "
            r"its status is Quarantine \(reason: Lab test\)",
        ):
            delivery.button_validate()
        self.assertNotEqual(delivery.state, "done")
        self.assertEqual(self.lot_held.product_qty, 10)

    def test_delivery_of_available_lot_done(self):
        lot_ok = self._create_lot(self.product_lot, "FLOUR-OK", 10)
        delivery = self._create_picking(self.out_type, self.product_lot, 5, self.customer)
        self._set_move_line_lot(delivery.move_ids, lot_ok, 5)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(lot_ok.product_qty, 5)

    def test_internal_move_of_lot_on_hold_allowed(self):
        internal = self._create_picking(
            self.warehouse.int_type_id, self.product_lot, 10, location_dest=self.quarantine_location
        )
        self._set_move_line_lot(internal.move_ids, self.lot_held, 10)
        internal.button_validate()
        self.assertEqual(internal.state, "done")
        self.assertEqual(
            self.lot_held.quant_ids.filtered("quantity").location_id, self.quarantine_location
        )

    def test_manufacturing_consumption_refused(self):
        self._hold(self.lot_held, "blocked", "Mould found")
        production = self._create_cake_production()
        self.assertFalse(production.move_raw_ids.move_line_ids, "the held lot was not reserved")
        self._set_move_line_lot(production.move_raw_ids, self.lot_held, 2)
        production.qty_producing = 1
        with self.assertRaisesRegex(
            UserError,
            r"Lot FLOUR-Q of Test Flour cannot be consumed in manufacturing: "
            r"its status is Blocked \(reason: Mould found\)",
        ):
            production.button_mark_done()
        self.assertNotEqual(production.state, "done")
        self.assertEqual(self.lot_held.product_qty, 10)

    def test_manufacturing_consumption_refused_at_move_level(self):
        """Whoever finishes the consumption (not only the MO's button), the move line refuses."""
        production = self._create_cake_production()
        self._set_move_line_lot(production.move_raw_ids, self.lot_held, 2)
        with self.assertRaisesRegex(UserError, r"FLOUR-Q.*consumed in manufacturing"):
            production.move_raw_ids._action_done()

    def test_manufacturing_with_available_lot_done(self):
        lot_ok = self._create_lot(self.product_lot, "FLOUR-OK", 10)
        production = self._create_cake_production()
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, lot_ok)
        production.action_generate_serial()
        production.qty_producing = 1
        production.set_qty_producing()
        production.move_raw_ids.picked = True
        action = production.button_mark_done()
        self.assertEqual(production.state, "done", action)
        self.assertEqual(lot_ok.product_qty, 8)

    def test_choosing_lot_on_hold_warns(self):
        delivery = self._create_picking(self.out_type, self.product_lot, 5, self.customer)
        line = self.env["stock.move.line"].new(
            {
                "move_id": delivery.move_ids.id,
                "product_id": self.product_lot.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "lot_id": self.lot_held.id,
            }
        )
        warning = line._onchange_lot_id_trace_status()["warning"]
        self.assertIn("FLOUR-Q", warning["message"])
        self.assertIn("Lab test", warning["message"])

    def test_scrap_of_lot_on_hold_allowed(self):
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product_lot.id,
                "lot_id": self.lot_held.id,
                "scrap_qty": 3,
                "location_id": self.stock_location.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(self.lot_held.product_qty, 7)


@tagged("post_install", "-at_install")
class TestLotHoldWizard(LotsCommon):
    def _open_wizard(self, lots, user):
        return (
            self.env["stock.lot.hold"]
            .with_user(user)
            .with_context(active_model="stock.lot", active_ids=lots.ids)
            .with_context(tracking_disable=False, mail_notrack=False)
            .create({"trace_status": "recalled", "reason": "Salmonella alert"})
        )

    def test_user_puts_lots_on_hold_tracked_in_chatter(self):
        lots = self._create_lot(self.product_lot, "FLOUR-1") | self._create_lot(
            self.product_lot, "FLOUR-2"
        )
        self.env.cr.precommit.run()  # as if the lots had been created in an earlier transaction
        wizard = self._open_wizard(lots, self.trace_user)
        self.assertEqual(wizard.lot_ids, lots)
        wizard.action_confirm()
        self.assertEqual(set(lots.mapped("trace_status")), {"recalled"})
        self.assertEqual(set(lots.mapped("trace_status_reason")), {"Salmonella alert"})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        tracked = lots[0].message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "trace_status"
        )
        self.assertEqual(tracked.new_value_char, "Recalled")

    def test_hold_takes_lot_off_deliveries_and_manufacturing_not_internal_moves(self):
        """Reservations made before the hold would be refused at validation: the hold removes
        them, reserves another available lot instead and says so in the document's chatter.
        An internal move of the lot keeps its reservation."""
        suspect = self._create_lot(self.product_lot, "FLOUR-SUSPECT", 10)
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.product_lot, 4, self.customer
        )
        delivery.action_assign()
        production = self._create_cake_production()
        production.action_assign()
        internal = self._create_picking(
            self.warehouse.int_type_id, self.product_lot, 3, location_dest=self.quarantine_location
        )
        internal.action_assign()
        for document in (delivery, production.move_raw_ids, internal):
            self.assertEqual(document.move_line_ids.lot_id, suspect)
        spare = self._create_lot(self.product_lot, "FLOUR-SPARE", 10)

        self._open_wizard(suspect, self.trace_user).action_confirm()

        self.assertEqual(delivery.move_line_ids.lot_id, spare, "another lot reserved instead")
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, spare)
        self.assertEqual(internal.move_line_ids.lot_id, suspect, "internal move kept")
        self.assertIn("FLOUR-SUSPECT", delivery.message_ids[0].body)
        self.assertIn("cannot be delivered to a customer", delivery.message_ids[0].body)
        self.assertIn("cannot be consumed in manufacturing", production.message_ids[0].body)
        self.assertEqual(suspect.quant_ids.filtered("quantity").reserved_quantity, 3)

    def test_hold_without_other_lot_leaves_delivery_waiting(self):
        suspect = self._create_lot(self.product_lot, "FLOUR-ONLY", 10)
        delivery = self._create_picking(
            self.warehouse.out_type_id, self.product_lot, 4, self.customer
        )
        delivery.action_assign()
        self._open_wizard(suspect, self.trace_user).action_confirm()
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(delivery.state, "confirmed")
        self.assertFalse(suspect.quant_ids.filtered("reserved_quantity"))

    def test_stock_user_without_traceability_cannot_hold(self):
        lot = self._create_lot(self.product_lot, "FLOUR-3")
        stock_user = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "stock_only_hold",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self._open_wizard(lot, stock_user)

    def test_stock_user_without_traceability_opens_lot_form(self):
        """An Inventory user who is not a Traceability user still opens lots: the form
        reads no field they may not read (e.g. the lot's recalls)."""
        lot = self._create_lot(self.product_lot, "FLOUR-5", 5)
        stock_user = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "stock_only_form",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        Lot = self.env["stock.lot"].with_user(stock_user)
        arch = etree.fromstring(Lot.get_views([(False, "form")])["views"]["form"]["arch"])
        # the fields of the lot the web client reads: not those of x2many sub-views
        field_names = {
            node.get("name")
            for node in arch.iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }
        self.assertIn("trace_status", field_names)
        self.assertNotIn("open_recall_ids", field_names)
        values = Lot.browse(lot.id).web_read({name: {} for name in field_names})
        self.assertEqual(values[0]["name"], "FLOUR-5")

    def test_manager_releases_from_list_action(self):
        lot = self._create_lot(self.product_lot, "FLOUR-4")
        self._open_wizard(lot, self.trace_user).action_confirm()
        action = self.env.ref("lot_traceability.stock_lot_release_action")
        with self.assertRaisesRegex(AccessError, "access rights to run this action"):
            action.with_user(self.trace_user).with_context(
                active_model="stock.lot", active_ids=lot.ids, active_id=lot.id
            ).run()
        self.assertEqual(lot.trace_status, "recalled")
        action.with_user(self.trace_manager).with_context(
            active_model="stock.lot", active_ids=lot.ids, active_id=lot.id
        ).run()
        self.assertEqual(lot.trace_status, "available")
        self.assertFalse(lot.trace_status_reason)
