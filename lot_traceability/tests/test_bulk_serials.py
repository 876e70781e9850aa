# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import datetime
from unittest.mock import patch

from markupsafe import Markup

from odoo import Command
from odoo.addons.lot_traceability.orm_bypass.check_company import check_company_in_batch
from odoo.addons.lot_traceability.orm_bypass.sql_create import flush_uniform, sql_create
from odoo.addons.lot_traceability.wizards.stock_lot_bulk_add_receive import StockLotBulkAdd
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import TraceabilityCommon

SQL_CREATE_LOGGER = "odoo.addons.lot_traceability.orm_bypass.sql_create"
# (not "INFO": Odoo names its RUNBOT level, 25, "INFO" too)


@tagged("post_install", "-at_install")
class TestBulkSerials(TraceabilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Compressor Works"})
        cls._create_lot(cls.product_serial, "SN-EXISTING")

    def _wizard(self, text, product=None, user=None, **vals):
        model = self.env["stock.lot.bulk.add"]
        if user:
            model = model.with_user(user)
        return model.create(
            {"product_id": (product or self.product_serial).id, "input_text": text, **vals}
        )

    def _lots(self, names, product=None):
        return self.env["stock.lot"].search(
            [("product_id", "=", (product or self.product_serial).id), ("name", "in", names)]
        )

    def test_preview_lists_errors_with_line_numbers(self):
        wizard = self._wizard(
            "SN-1\nSN-2\n\nSN-1\nSN-EXISTING\nSN-3;2\nSN-4;-1\nSN-5;abc\nSN-6;1;31-31-2026\n"
            "SN-7;1;2027-01-31;2026-01-01;extra\nSN-8\t1\t2027-01-31",
            receive=True,
        )
        __, errors = wizard._parse_input()
        self.assertEqual(
            [(line_no, message) for line_no, __, message in errors],
            [
                (4, "Duplicate of line 1."),
                (5, "SN-EXISTING already exists for Test Compressor."),
                (6, "A serial number's quantity must be 1, not 2."),
                (7, "The quantity must be positive (-1)."),
                (8, "abc is not a quantity."),
                (9, "31-31-2026 is not a valid expiration date (write it YYYY-MM-DD)."),
                (
                    10,
                    "Too many columns (5): expected a number, a quantity, an expiration date "
                    "and a production date.",
                ),
            ],
        )
        self.assertEqual(wizard.error_count, 7)
        self.assertIn("Duplicate of line 1.", wizard.preview_html)
        self.assertIn("3 line(s) ready, 7 to fix", wizard.preview_html)

    def test_preview_of_a_clean_list(self):
        wizard = self._wizard("SN-10\nSN-11\nSN-12")
        self.assertEqual(wizard.error_count, 0)
        self.assertEqual(wizard.line_count, 3)
        self.assertIn("3 new lot/serial number(s), 3 Units in total.", wizard.preview_html)

    def test_confirm_refuses_a_bad_list_and_creates_nothing(self):
        wizard = self._wizard("SN-20\nSN-21\nSN-20", receive=True)
        with self.assertRaisesRegex(UserError, r"Nothing was created.*\nLine 3 \(SN-20\)"):
            wizard.action_confirm()
        self.assertFalse(self._lots(["SN-20", "SN-21"]))

    def test_lot_needs_a_quantity_to_be_received(self):
        wizard = self._wizard("FLOUR-1", product=self.product_lot, receive=True)
        with self.assertRaisesRegex(UserError, "A quantity is needed to receive this lot."):
            wizard.action_confirm()
        self.assertFalse(self._lots(["FLOUR-1"], self.product_lot))

    def test_confirm_creates_and_receives_in_one_receipt(self):
        wizard = self._wizard(
            "SN-30\nSN-31\nSN-32", receive=True, partner_id=self.supplier.id
        ).with_user(self.trace_user)
        wizard.action_confirm()
        lots = self._lots(["SN-30", "SN-31", "SN-32"])
        self.assertEqual(len(lots), 3)
        self.assertEqual(lots.company_id, self.env.company, "new lots belong to the company")
        move_lines = self.env["stock.move.line"].search([("lot_id", "in", lots.ids)])
        self.assertEqual(len(move_lines.picking_id), 1)
        self.assertEqual(len(move_lines.move_id), 1)
        picking = move_lines.picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.partner_id, self.supplier)
        self.assertEqual(picking.picking_type_id.code, "incoming")
        for lot in lots:
            self.assertEqual(lot.product_qty, 1)
            self.assertEqual(lot.location_id, self.stock_location)
        # The quants created in one batch are those Odoo creates one by one.
        quants = self.env["stock.quant"].search([("lot_id", "in", lots.ids)])
        self.assertEqual(
            sorted((q.lot_id.name, q.location_id.usage, q.quantity) for q in quants),
            [
                ("SN-30", "internal", 1.0),
                ("SN-30", "supplier", -1.0),
                ("SN-31", "internal", 1.0),
                ("SN-31", "supplier", -1.0),
                ("SN-32", "internal", 1.0),
                ("SN-32", "supplier", -1.0),
            ],
        )

    def _receive_line_by_line(self, product, lots, quantities):
        """Receive ``lots`` (``quantities``) into stock through a receipt validated by Odoo,
        one move line per lot: what the bulk receipt is compared with."""
        picking = self._create_receipt(product, sum(quantities))
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": picking.move_ids.id,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "quantity": quantity,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.stock_location.id,
                }
                for lot, quantity in zip(lots, quantities, strict=True)
            ]
        )
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    def _stored_values(self, records, skip):
        """Stored field values of ``records``, except the fields in ``skip`` (those that
        differ by nature between two receipts: ids, names, dates of the write)."""
        skip = set(skip) | {"id", "create_date", "write_date", "create_uid", "write_uid"}
        names = [
            name
            for name, field in records._fields.items()
            if field.store and field.column_type and name not in skip
        ]
        return [{name: record[name] for name in names} for record in records]

    def _assert_bulk_receipt_writes_what_odoo_writes(self):
        """Lots, move lines and quants of a bulk receipt have the same stored values as those
        of the same receipt validated by Odoo without the bulk shortcuts (quants inserted in
        one batch)."""
        product = self.product_lot
        product.write({"use_expiration_date": True, "expiration_time": 30, "removal_time": 5})
        # Quants' stored computed columns with a value: storage category and inventory date
        # (cyclic count) of the location, dates of the lots, company.
        category = self.env["stock.storage.category"].create({"name": "Bulk shelf"})
        self.stock_location.write(
            {"storage_category_id": category.id, "cyclic_inventory_frequency": 30}
        )
        text = "LOT-A1;2;2027-01-31\nLOT-A2;3;2027-02-28\nLOT-A3;4"
        self._wizard(
            text, product=product, receive=True, partner_id=self.supplier.id
        ).action_confirm()
        bulk_lots = self._lots(["LOT-A1", "LOT-A2", "LOT-A3"], product).sorted("name")
        # The same receipt, validated by Odoo line by line.
        odoo_lots = (
            self.env["stock.lot"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": name,
                        "product_id": product.id,
                        "supplier_id": self.supplier.id,
                        "company_id": self.env.company.id,  # as Odoo's receipts set it
                        **({"expiration_date": date} if date else {}),
                    }
                    for name, date in [
                        ("LOT-B1", "2027-01-31"),
                        ("LOT-B2", "2027-02-28"),
                        ("LOT-B3", False),
                    ]
                ]
            )
        )
        self._receive_line_by_line(product, odoo_lots, (2, 3, 4))
        # compared as stored in the database, not as in the cache
        self.env.flush_all()
        self.env.invalidate_all()
        lot_skip = {"name", "expiration_date", "use_date", "removal_date", "alert_date"}
        self.assertEqual(
            self._stored_values(bulk_lots, lot_skip), self._stored_values(odoo_lots, lot_skip)
        )
        # Given dates are kept; the missing one comes from the product as Odoo does it.
        self.assertEqual(
            [lot.removal_date.date().isoformat() for lot in bulk_lots[:2]],
            ["2027-01-26", "2027-02-23"],
        )
        self.assertTrue(bulk_lots[2].expiration_date)
        line_skip = {"lot_id", "lot_name", "move_id", "picking_id", "reference", "date"}
        line_skip |= {"expiration_date"}
        lines_of = self.env["stock.move.line"].search
        bulk_lines = lines_of([("lot_id", "in", bulk_lots.ids)]).sorted("lot_name")
        odoo_lines = lines_of([("lot_id", "in", odoo_lots.ids)]).sorted(lambda ml: ml.lot_id.name)
        self.assertEqual(
            self._stored_values(bulk_lines, line_skip), self._stored_values(odoo_lines, line_skip)
        )
        self.assertEqual(bulk_lines.mapped("expiration_date"), bulk_lots.mapped("expiration_date"))
        quant_skip = {"lot_id", "in_date", "expiration_date", "removal_date"}
        quants_of = self.env["stock.quant"].search
        bulk_quants = quants_of([("lot_id", "in", bulk_lots.ids)], order="lot_id, location_id")
        odoo_quants = quants_of([("lot_id", "in", odoo_lots.ids)], order="lot_id, location_id")
        self.assertEqual(len(bulk_quants), 6)
        self.assertEqual(
            self._stored_values(bulk_quants, quant_skip),
            self._stored_values(odoo_quants, quant_skip),
        )
        internal = bulk_quants.filtered(lambda q: q.location_id == self.stock_location)
        self.assertEqual(len(internal), 3)
        self.assertEqual(internal.storage_category_id, category)
        self.assertEqual(internal.company_id, self.env.company)
        self.assertEqual(
            set(internal.mapped("inventory_date")), {self.stock_location.next_inventory_date}
        )
        self.assertEqual(internal.mapped("inventory_diff_quantity"), [-2, -3, -4])
        for quant in bulk_quants:
            self.assertEqual(quant.expiration_date, quant.lot_id.expiration_date)
            self.assertEqual(quant.removal_date, quant.lot_id.removal_date)
        # The stored values read in the database, not in the cache.
        self.env.invalidate_all()
        self.assertEqual(
            [(q.expiration_date, q.removal_date) for q in bulk_quants],
            [(q.lot_id.expiration_date, q.lot_id.removal_date) for q in bulk_quants],
        )
        self.assertEqual(bulk_lots.mapped("location_id"), self.stock_location)
        self.assertEqual(bulk_lots.mapped("quant_ids"), bulk_quants)

    def test_sql_create_stores_the_values_given(self):
        """Column values are sent as array texts: quotes, backslashes, commas, braces and
        the word NULL in a string, empty strings, dates and missing values are stored as by
        the ORM create; an HTML note (not a plain string) is sent as a list of values."""
        names = ['A"B', "C\\D", "E,F", "{G}", "NULL", " H ", "Ümlaut", "I\nJ"]
        Lot = self.env["stock.lot"].with_context(tracking_disable=True)
        vals_list = [
            {
                "name": name,
                "product_id": self.product_lot.id,
                "ref": "" if index % 2 else False,
                "note": Markup("<p>%s</p>") % name,
                "expiration_date": datetime(2030, 1, index + 1, 8, 30) if index % 3 else False,
            }
            for index, name in enumerate(names)
        ]
        skip = self.env["stock.lot.bulk.add"]._get_lot_create_skip_classes()
        with self.assertNoLogs(SQL_CREATE_LOGGER, logging.INFO):
            lots = sql_create(Lot, vals_list, skip_classes=skip)
        # the same lots by the ORM create, named apart
        orm_lots = Lot.create([dict(vals, name=f"ORM {vals['name']}") for vals in vals_list])
        self.env.flush_all()

        def stored(records):
            return self.env.execute_query(
                SQL(
                    "SELECT name, ref, note, expiration_date FROM stock_lot "
                    "WHERE id = ANY(%s) ORDER BY id",
                    records.ids,
                )
            )

        self.assertEqual(
            stored(lots),
            [(name.removeprefix("ORM "), *rest) for (name, *rest) in stored(orm_lots)],
        )
        self.assertEqual([row[0] for row in stored(lots)], names)

    def test_flush_uniform_writes_each_value_combination_once(self):
        lots = (
            self.env["stock.lot"]
            .with_context(tracking_disable=True)
            .create([{"name": f"FU-{i}", "product_id": self.product_lot.id} for i in range(4)])
        )
        self.env.flush_all()
        lots[:2].ref = "same"
        lots[2].ref = "other"
        lots[3].ref = "not flushed"
        ref = lots._fields["ref"]

        def stored_refs():
            return dict(
                self.env.execute_query(
                    SQL("SELECT id, ref FROM stock_lot WHERE id = ANY(%s)", lots.ids)
                )
            )

        # more combinations than allowed: nothing written, still dirty
        self.assertFalse(flush_uniform(lots[:3], max_groups=1))
        self.assertEqual(set(stored_refs().values()), {None})
        self.assertEqual(self.env.cache.get_dirty_records(lots, ref), lots)
        with self.assertQueryCount(2, flush=False):  # one UPDATE per combination of values
            self.assertTrue(flush_uniform(lots[:3]))
        self.assertEqual(
            stored_refs(),
            {lots[0].id: "same", lots[1].id: "same", lots[2].id: "other", lots[3].id: None},
        )
        # the records not flushed stay dirty; the ORM flushes them
        self.assertEqual(self.env.cache.get_dirty_records(lots, ref), lots[3])
        self.env.flush_all()
        self.assertEqual(stored_refs()[lots[3].id], "not flushed")

    def test_bulk_receipt_writes_what_odoo_writes_line_by_line(self):
        with self.assertNoLogs(SQL_CREATE_LOGGER, logging.INFO):
            self._assert_bulk_receipt_writes_what_odoo_writes()

    def test_bulk_receipt_quant_columns_without_batch_function(self):
        """A stored computed quant field without a batch function (as one added by another
        module would be) is computed by the ORM after the INSERT, as create does."""
        quant_class = type(self.env["stock.quant"])
        with (
            patch.object(quant_class, "_get_sql_create_handlers", lambda self: {}),
            self.assertNoLogs(SQL_CREATE_LOGGER, logging.INFO),
        ):
            self._assert_bulk_receipt_writes_what_odoo_writes()

    def test_bulk_receipt_quants_by_the_orm_when_sql_create_declines(self):
        """An override of a step of create on quants makes the bulk receipt create its quants
        with the ORM."""
        quant_class = type(self.env["stock.quant"])
        original = quant_class._add_missing_default_values
        with (
            patch.object(
                quant_class,
                "_add_missing_default_values",
                side_effect=original,
                autospec=True,
            ) as override,
            self.assertLogs(SQL_CREATE_LOGGER, logging.INFO) as logs,
        ):
            self._assert_bulk_receipt_writes_what_odoo_writes()
        self.assertIn("ORM create instead of one INSERT", logs.output[0])
        self.assertIn("overrides _add_missing_default_values", logs.output[0])
        self.assertTrue(override.called)

    def test_bulk_receipt_move_lines_by_the_orm(self):
        with patch.object(StockLotBulkAdd, "_can_insert_move_lines", return_value=False):
            self._assert_bulk_receipt_writes_what_odoo_writes()

    def test_bulk_receipt_takes_untracked_supplier_stock_as_odoo(self):
        """Untracked stock of the product at the supplier location makes up for the lots'
        negative quantities there, line after line, as Odoo does it (the untracked quantity
        read once by the bulk receipt is read again after each change)."""
        product, Quant = self.product_serial, self.env["stock.quant"]

        def untracked_at_supplier():
            return sum(
                Quant.search(
                    [
                        ("product_id", "=", product.id),
                        ("location_id", "=", self.supplier_location.id),
                        ("lot_id", "=", False),
                    ]
                ).mapped("quantity")
            )

        def lot_quantities(lots):
            quants = Quant.search([("lot_id", "in", lots.ids)])
            return sorted(
                (q.location_id.usage, q.quantity)
                for q in quants
                if q.quantity  # Odoo leaves empty quants that the bulk receipt does not create
            )

        Quant._update_available_quantity(product, self.supplier_location, 2)
        self._wizard("SN-U1\nSN-U2\nSN-U3", receive=True).action_confirm()
        bulk = (untracked_at_supplier(), lot_quantities(self._lots(["SN-U1", "SN-U2", "SN-U3"])))
        # The same receipt, validated by Odoo line by line, with the same untracked stock.
        Quant._update_available_quantity(product, self.supplier_location, 2)
        odoo_lots = self.env["stock.lot"].create(
            [{"name": f"SN-V{i}", "product_id": product.id} for i in (1, 2, 3)]
        )
        self._receive_line_by_line(product, odoo_lots, (1, 1, 1))
        self.assertEqual(bulk, (untracked_at_supplier(), lot_quantities(odoo_lots)))
        self.assertEqual(
            bulk,
            (0, [("internal", 1.0), ("internal", 1.0), ("internal", 1.0), ("supplier", -1.0)]),
        )

    def test_lots_inserted_only_when_create_adds_nothing(self):
        Wizard = self.env["stock.lot.bulk.add"]
        Lot = self.env["stock.lot"].with_context(tracking_disable=True)
        vals = {"name": "SN-I1", "product_id": self.product_serial.id}
        self.assertTrue(Wizard._can_insert_lots(Lot, [vals]))
        self.assertFalse(
            Wizard._can_insert_lots(Lot.with_context(tracking_disable=False), [vals]), "tracked"
        )
        self.assertFalse(Wizard._can_insert_lots(Lot, [{**vals, "name": False}]))
        self.assertFalse(Wizard._can_insert_lots(Lot, [{**vals, "trace_status": "blocked"}]))
        # stock's own check still applies: a transfer type that does not create lots
        receipt = self._create_receipt(self.product_serial, 1)
        receipt.picking_type_id.use_create_lots = False
        with self.assertRaisesRegex(UserError, "not allowed to create a lot"):
            Wizard._can_insert_lots(Lot.with_context(active_picking_id=receipt.id), [vals])

    def test_move_lines_inserted_only_when_create_adds_nothing(self):
        picking = self._create_receipt(self.product_serial, 2)
        move = picking.move_ids
        move.move_line_ids.unlink()
        lot = self._create_lot(self.product_serial, "SN-INSERT")
        wizard = self._wizard("SN-1", receive=True)
        vals = wizard._prepare_move_line_vals(move, lot, {"quantity": 1.0})
        can_insert = self.env["stock.lot.bulk.add"]._can_insert_move_lines
        self.assertTrue(can_insert(move, [vals, dict(vals)]))
        self.assertFalse(can_insert(move, [vals, {**vals, "company_id": False}]))
        self.assertFalse(can_insert(move, [{k: v for k, v in vals.items() if k != "picked"}]))
        # a move from an internal location reserves its lines' quantities on create
        internal_move = move.copy({"location_id": self.stock_location.id, "picking_id": False})
        self.assertFalse(can_insert(internal_move, [{**vals, "move_id": internal_move.id}]))

    def test_check_company_of_many_lines_as_odoo(self):
        """The batched company check of move lines finds what Odoo's finds, and raises
        Odoo's error."""
        picking = self._create_receipt(self.product_serial, 2)
        move = picking.move_ids
        move.move_line_ids.unlink()
        other_company = self.env["res.company"].create({"name": "Other Compressors"})
        lots = [
            self._create_lot(self.product_serial, "SN-C1", company_id=self.env.company.id),
            self._create_lot(self.product_serial, "SN-C2"),
            self._create_lot(self.product_serial, "SN-C3", company_id=other_company.id),
        ]
        lines = self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "product_id": self.product_serial.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.stock_location.id,
                }
                for lot in lots
            ]
        )
        self.assertTrue(check_company_in_batch(lines[:2]))
        lines[:2]._check_company()
        self.assertFalse(check_company_in_batch(lines))
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            lines._check_company()
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            lines[1:]._check_company(["lot_id"])
        self.assertTrue(check_company_in_batch(lines, ["product_id"]))

    def test_check_company_of_many_lots_as_odoo(self):
        """Lots created together are checked once per company and field, with Odoo's error
        when a lot's product belongs to another company."""
        other_company = self.env["res.company"].create({"name": "Other Compressors"})
        other_product = self.env["product.product"].create(
            {
                "name": "Other Compressor",
                "is_storable": True,
                "tracking": "serial",
                "company_id": other_company.id,
            }
        )
        Lot = self.env["stock.lot"]
        vals = [
            {
                "name": f"SN-K{i}",
                "product_id": self.product_serial.id,
                "company_id": self.env.company.id,
            }
            for i in range(3)
        ]
        self.assertEqual(len(Lot.create(vals)), 3)
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            Lot.create(
                [
                    {"name": "SN-K8", "product_id": self.product_serial.id},
                    {
                        "name": "SN-K9",
                        "product_id": other_product.id,
                        "company_id": self.env.company.id,
                    },
                ]
            )

    def test_lot_columns_quantity_and_dates(self):
        self.product_lot.use_expiration_date = True
        wizard = self._wizard(
            "FLOUR-A;25,5;2027-01-31;2026-01-15\nFLOUR-B\t10\t\t",
            product=self.product_lot,
            receive=True,
        )
        wizard.action_confirm()
        lot_a = self._lots(["FLOUR-A"], self.product_lot)
        lot_b = self._lots(["FLOUR-B"], self.product_lot)
        self.assertEqual(lot_a.product_qty, 25.5)
        self.assertEqual(lot_b.product_qty, 10)
        self.assertEqual(str(lot_a.expiration_date.date()), "2027-01-31")
        if "production_date" in lot_a._fields:
            self.assertEqual(str(lot_a.production_date), "2026-01-15")

    def test_all_or_nothing_when_receiving_fails(self):
        wizard = self._wizard("SN-40\nSN-41", receive=True)
        with (
            patch.object(
                StockLotBulkAdd, "_receive", side_effect=UserError("Receipt failed"), autospec=True
            ),
            self.assertRaisesRegex(UserError, "Receipt failed"),
        ):
            wizard.action_confirm()
        self.assertFalse(self._lots(["SN-40", "SN-41"]))

    def test_create_without_receiving(self):
        self._wizard("SN-50\nSN-51").action_confirm()
        lots = self._lots(["SN-50", "SN-51"])
        self.assertEqual(len(lots), 2)
        self.assertFalse(self.env["stock.move.line"].search([("lot_id", "in", lots.ids)]))

    def test_generate_proposes_names(self):
        wizard = self._wizard("SN-60", product=self.product_serial, generate_count=3)
        with patch.object(
            type(self.env["product.product"]),
            "_propose_lot_names",
            autospec=True,
            return_value=["GEN-1", "GEN-2", "GEN-3"],
        ) as propose:
            wizard.action_generate()
        self.assertEqual(propose.call_args.args[1], 3)
        self.assertEqual(wizard.input_text, "SN-60\nGEN-1\nGEN-2\nGEN-3")
        lot_wizard = self._wizard(
            False, product=self.product_lot, generate_count=2, generate_quantity=12.5
        )
        lot_wizard.action_generate()
        lines, errors = lot_wizard._parse_input()
        self.assertFalse(errors)
        self.assertEqual([line["quantity"] for line in lines], [12.5, 12.5])

    def _create_receipt(self, product, quantity):
        picking_type = self.warehouse.in_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.supplier.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def test_from_a_receipt_fills_its_move_lines(self):
        picking = self._create_receipt(self.product_serial, 3)
        form = Form(
            self.env["stock.lot.bulk.add"].with_context(
                active_model="stock.picking", active_id=picking.id
            )
        )
        self.assertEqual(form.product_id, self.product_serial)
        form.input_text = "SN-70\nSN-71\nSN-72"
        form.save().action_confirm()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(
            sorted(picking.move_line_ids.mapped("lot_id.name")), ["SN-70", "SN-71", "SN-72"]
        )
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._lots(["SN-70"]).product_qty, 1)

    def test_from_a_done_receipt_is_refused(self):
        picking = self._create_receipt(self.product_serial, 1)
        picking.move_ids.quantity = 1
        picking.move_line_ids.lot_name = "SN-80"
        picking.move_ids.picked = True
        picking.button_validate()
        with self.assertRaisesRegex(UserError, "not done or cancelled"):
            self.env["stock.lot.bulk.add"].with_context(
                active_model="stock.picking", active_id=picking.id
            ).default_get(["product_id"])

    def test_access(self):
        stock_only = self.env["res.users"].create(
            {
                "name": "Stock Only",
                "login": "bulk_stock_only",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self._wizard("SN-90", user=stock_only)
        self._wizard("SN-90", user=self.trace_user).action_confirm()
        self.assertTrue(self._lots(["SN-90"]))
