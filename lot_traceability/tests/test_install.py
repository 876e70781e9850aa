# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.addons.lot_traceability.hooks import post_init_hook, uninstall_hook
from odoo.addons.lot_traceability.models.stock_lot_genealogy import GENEALOGY_INDEXES
from odoo.addons.lot_traceability.models.stock_lot_genealogy_link import LINK_TABLE
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TraceabilityCommon

LINK_INDEXES = tuple(
    f"{LINK_TABLE}_{suffix}"
    for suffix in ("pkey", "produce_line_id_index", "input_lot_index", "output_lot_index")
)


@tagged("post_install", "-at_install")
class TestInstall(TraceabilityCommon):
    def test_uninstall_hook_then_install_steps_restore_what_it_dropped(self):
        """What the uninstall hook drops (genealogy link table, its triggers and functions,
        the genealogy's indexes, the lines' ``picking_partner_id`` column), a reinstall's
        steps (the models' ``_auto_init`` and ``init``, then ``post_init_hook``) create and
        fill again, with the same rows. DDL is transactional: the test rolls it back."""
        cr = self.env.cr
        Link = self.env["stock.lot.genealogy.link"]
        MoveLine = self.env["stock.move.line"]
        self.env.flush_all()

        def schema():
            [row] = self.env.execute_query(
                SQL(
                    """
                    SELECT to_regclass('stock_lot_genealogy_link') IS NOT NULL,
                           (SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE %s),
                           (SELECT COUNT(*) FROM pg_indexes WHERE indexname = ANY(%s)),
                           (SELECT COUNT(*) FROM information_schema.columns
                             WHERE table_name = 'stock_move_line'
                               AND column_name = 'picking_partner_id')
                    """,
                    "stock_lot_genealogy_link%",
                    list(GENEALOGY_INDEXES),
                )
            )
            return row

        def partners():
            return self.env.execute_query(
                SQL(
                    "SELECT id, picking_partner_id FROM stock_move_line "
                    "WHERE picking_partner_id IS NOT NULL ORDER BY id"
                )
            )

        installed = schema()
        self.assertEqual(installed, (True, 3, len(GENEALOGY_INDEXES), 1))
        links, addresses = Link._read_rows(), partners()
        self.assertTrue(links, "the test database has production links (demo data)")
        self.assertTrue(addresses, "and deliveries")
        uninstall_hook(self.env)
        self.assertEqual(schema(), (False, 0, 0, 0))
        self.env.invalidate_all()
        # a reinstall: the registry sets the models' tables up (the module's part of the lines'
        # _auto_init, then init()), then the module's hook runs
        MoveLine._init_picking_partner_column()
        for model in (MoveLine, self.env["stock.lot.genealogy"], Link):
            model.init()
        self.assertEqual(Link._read_rows(), set(), "filled by the hook, not by init()")
        post_init_hook(self.env)
        self.assertEqual(schema(), installed)
        self.assertEqual(Link._read_rows(), links)
        self.assertEqual(partners(), addresses)
        cr.execute(SQL("SELECT 1"))  # the cursor is still usable

    def test_every_company_has_its_quarantine_location(self):
        """The install gave the main company the module's quarantine location; a new company
        gets its own, in its warehouse, proposed by its recalls."""
        main = self.env.ref("base.main_company")
        quarantine = self.env.ref("lot_traceability.stock_location_quarantine")
        self.assertEqual(main.trace_quarantine_location_id, quarantine)
        other = self.env["res.company"].create({"name": "Other Bakery"})
        location = other.trace_quarantine_location_id
        self.assertTrue(location)
        self.assertEqual(location.company_id, other)
        self.assertEqual(location.usage, "internal")
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        self.assertEqual(location.location_id, warehouse.view_location_id)
        self.assertFalse(location._child_of(warehouse.lot_stock_id))
        # a second warehouse does not add another one
        self.env["stock.warehouse"].create(
            {"name": "Other Bakery 2", "code": "OB2", "company_id": other.id}
        )
        self.assertEqual(other.trace_quarantine_location_id, location)
        self.assertEqual(
            self.env["stock.location"].search_count(
                [("company_id", "=", other.id), ("name", "=", "Quarantine")]
            ),
            1,
        )
        Recall = self.env["stock.lot.recall"].with_company(other)
        self.assertEqual(Recall._default_quarantine_location(), location)
        self.assertEqual(
            self.env["stock.lot.recall"].with_company(main)._default_quarantine_location(),
            quarantine,
        )

    def test_demo_stock_not_loaded_twice(self):
        """The demo's stock documents outlive an uninstall (done transfers and manufacturing
        orders cannot be deleted); a reinstall finds them and does not load them again
        (rewriting done documents fails, then the whole install)."""
        Demo = self.env["stock.lot.demo"]
        receipt = self.env.ref("lot_traceability.picking_receipt_flour_demo")
        self.assertEqual(receipt.state, "done")
        self.assertIn(receipt.id, Demo._get_stock_stories_left().mapped("res_id"))
        pickings = self.env["stock.picking"].search_count([])
        productions = self.env["mrp.production"].search_count([])
        with self.assertLogs("odoo.addons.lot_traceability.models.stock_lot_demo", logging.INFO):
            self.assertFalse(Demo._load_stock_stories())
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        self.assertEqual(self.env["mrp.production"].search_count([]), productions)

    def test_install_built_indexes_every_transaction_can_use(self):
        """The install filled ``picking_partner_id`` of the existing lines (the test database
        has the dependencies' demo transfers) and built the genealogy's indexes without
        finding broken HOT chains: no index is flagged ``pg_index.indcheckxmin``, which makes
        the planner ignore it in transactions begun while the install, or an older writing
        transaction of the server, was running."""
        self.assertTrue(
            self.env["stock.move.line"].search_count(
                [
                    ("picking_partner_id", "!=", False),
                    ("state", "=", "done"),
                    ("lot_id", "!=", False),
                ]
            ),
            "the install filled the address of done lot lines",
        )
        names = [*GENEALOGY_INDEXES, *LINK_INDEXES]
        flags = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT index.relname, pg_index.indcheckxmin
                      FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid
                     WHERE index.relname = ANY(%s)
                    """,
                    names,
                )
            )
        )
        self.assertEqual(flags, dict.fromkeys(names, False))

    def test_post_init_hook_gives_existing_companies_a_quarantine_location(self):
        other = self.env["res.company"].create({"name": "Company Before The Module"})
        other.trace_quarantine_location_id = False  # as before the module was installed
        post_init_hook(self.env)
        self.assertEqual(other.trace_quarantine_location_id.company_id, other)

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

    def test_links_to_busy_stock_tables_are_indexed(self):
        """Odoo deletes move lines all day (every unreservation) and moves and quants often:
        PostgreSQL then looks for the rows pointing at each deleted row, in every table with a
        foreign key to it. A module table holding such a link without an index (a hub recall
        keeps 250,000 delivery lines) would be read whole for every deleted row. A link
        without a foreign key that only points to records Odoo does not delete (``target_domain``
        of ``orm_bypass/unchecked_link.py``: a delivery line's done move line) is looked for
        only when such a record is deleted: it needs no index."""
        busy = {"stock.move.line", "stock.move", "stock.quant"}
        unindexed = []
        for model in self.env.registry.values():
            if model._abstract or model._transient or not model._auto:
                continue
            for field in model._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and field.comodel_name in busy
                    and "lot_traceability" in str(field._module)
                    and not field.index
                    and not getattr(field, "target_domain", None)
                ):
                    unindexed.append(f"{model._name}.{field.name}")
        self.assertEqual(unindexed, [])
