# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from lxml import etree

from odoo.addons.lot_traceability import uninstall_hook
from odoo.addons.lot_traceability.models.stock_lot_genealogy import GENEALOGY_INDEXES
from odoo.addons.lot_traceability.models.stock_lot_genealogy_link import LINK_TABLE
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import SQL

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestGenealogy(GenealogyCommon):
    """Flour and butter -> (manufacturing) cookie batch -> (split) 10 trays -> deliveries,
    a customer return, a vendor return, a pending shipment and a merge of two trays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour_lot = cls._create_lot(cls.flour, "FLOUR-1", 100)
        cls.butter_lot = cls._create_lot(cls.butter, "BUTTER-1", 50)
        cls.batch, cls.mo = cls._produce(
            cls.cookie_batch, "BATCH-1", 40, [(cls.flour_lot, 30), (cls.butter_lot, 10)]
        )
        cls.trays = cls._split(
            cls.batch,
            unit_product_id=cls.cookie_tray.id,
            unit_factor=2.0,
            unit_count=10,
            unit_quantity=1.0,
        )
        cls.tray_bistro, cls.tray_grocer, cls.tray_pending = cls.trays[:3]
        cls.bistro_delivery = cls._deliver(cls.tray_bistro, 1, cls.bistro_kitchen)
        cls.grocer_delivery = cls._deliver(cls.tray_grocer, 1, cls.grocer)
        cls.grocer_return = cls._move_lot(
            cls.tray_grocer, 1, cls.customer_location, cls.stock_location, cls.grocer, cls.in_type
        )
        cls.pending_delivery = cls._deliver(cls.tray_pending, 1, cls.grocer, validate=False)
        cls.vendor_return = cls._move_lot(
            cls.flour_lot, 5, cls.stock_location, cls.supplier_location, cls.mill
        )
        cls.mixed = cls._merge(cls.trays[3:5], "TRAY-MIX")

    def test_downstream_lots_follow_production_split_and_merge(self):
        self.assertEqual(
            self.flour_lot._get_downstream_lots(),
            self.flour_lot | self.batch | self.trays | self.mixed,
        )

    def test_upstream_lots_of_merged_lot(self):
        self.assertEqual(
            self.mixed._get_upstream_lots(),
            self.mixed | self.trays[3:5] | self.batch | self.flour_lot | self.butter_lot,
        )

    def test_links_carry_depth_quantity_type_and_document(self):
        links = self.flour_lot._get_genealogy_links("downstream")
        by_lot = {link["lot_id"]: link for link in links}
        root = by_lot[self.flour_lot.id]
        self.assertEqual((root["depth"], root["parent_lot_id"]), (0, None))
        batch = by_lot[self.batch.id]
        self.assertEqual(batch["depth"], 1)
        self.assertEqual(batch["parent_lot_id"], self.flour_lot.id)
        self.assertEqual(batch["link_type"], "production")
        self.assertEqual((batch["res_model"], batch["res_id"]), ("mrp.production", self.mo.id))
        self.assertAlmostEqual(batch["quantity"], 40)
        self.assertEqual(batch["uom_id"], self.uom_kg.id)
        tray = by_lot[self.tray_bistro.id]
        self.assertEqual((tray["depth"], tray["link_type"]), (2, "split"))
        self.assertEqual(tray["res_model"], "stock.lot.transformation")
        self.assertAlmostEqual(tray["quantity"], 1)
        self.assertEqual(tray["uom_id"], self.uom_unit.id)
        mixed = [link for link in links if link["lot_id"] == self.mixed.id]
        self.assertEqual(len(mixed), 2, "the merged lot is reached from each merged tray")
        self.assertEqual({link["link_type"] for link in mixed}, {"merge"})
        self.assertEqual({link["depth"] for link in mixed}, {3})

    def test_levels_are_the_links_by_depth_and_start_lot(self):
        """``_get_downstream(with_levels=True)`` (a recall's snapshot) gives each lot once, at
        the depth and start lot, in the order of ``_get_genealogy_links``'s links sorted by
        depth and start lot: breadth first, each lot's children by link date, then lot."""
        # the trays' split lines dated backwards: the link date, not the lot id, orders them
        tray_lines = self.env["stock.move.line"].search(
            [("lot_id", "in", self.trays.ids), ("state", "=", "done")]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE stock_move_line SET date = date - lot_id * INTERVAL '1 hour' "
                "WHERE id = ANY(%s)",
                tray_lines.ids,
            )
        )
        self.env.invalidate_all()
        genealogy = self.env["stock.lot.genealogy"]
        for lots in (
            self.flour_lot,
            self.batch,
            self.flour_lot | self.butter_lot,
            self.batch | self.trays[4],
            self.trays[3:5],
        ):
            with self.subTest(lots=lots.mapped("name")):
                expected = {}
                links = genealogy._get_links(lots, "downstream")
                for link in sorted(links, key=lambda row: (row["depth"], row["root_lot_id"])):
                    if link["depth"]:
                        expected.setdefault(link["lot_id"], (link["depth"], link["root_lot_id"]))
                result = genealogy._get_downstream(lots, [], with_levels=True)
                levels = [(lot_id, (depth, root)) for lot_id, depth, root in result["levels"]]
                self.assertEqual(levels, list(expected.items()))
                self.assertEqual(
                    result["reached"],
                    genealogy._get_downstream(lots, [], with_links=True)["reached"],
                )
        order = [
            lot_id
            for lot_id, __, __ in genealogy._get_downstream(self.batch, [], with_levels=True)[
                "levels"
            ]
        ]
        trays = [lot_id for lot_id in order if lot_id in self.trays.ids]
        self.assertEqual(trays, sorted(self.trays.ids, reverse=True), "latest lot, earliest link")

    def test_upstream_links_quantity_is_the_consumed_quantity(self):
        links = self.batch._get_genealogy_links("upstream")
        by_lot = {link["lot_id"]: link for link in links if link["depth"] == 1}
        self.assertEqual(set(by_lot), {self.flour_lot.id, self.butter_lot.id})
        self.assertAlmostEqual(by_lot[self.flour_lot.id]["quantity"], 30)
        self.assertAlmostEqual(by_lot[self.butter_lot.id]["quantity"], 10)

    def test_max_depth_trims_the_walk(self):
        links = self.flour_lot._get_genealogy_links("downstream", max_depth=1)
        self.assertEqual({link["lot_id"] for link in links}, {self.flour_lot.id, self.batch.id})

    def test_several_start_lots_in_one_call(self):
        links = (self.flour_lot | self.butter_lot)._get_genealogy_links("downstream", max_depth=1)
        self.assertEqual(
            {(link["root_lot_id"], link["lot_id"]) for link in links},
            {
                (self.flour_lot.id, self.flour_lot.id),
                (self.flour_lot.id, self.batch.id),
                (self.butter_lot.id, self.butter_lot.id),
                (self.butter_lot.id, self.batch.id),
            },
        )

    def test_customer_deliveries_roll_up_to_commercial_partner(self):
        deliveries = self.flour_lot._get_customer_deliveries()
        bistro = [d for d in deliveries if d["commercial_partner_id"] == self.bistro.id]
        self.assertEqual(len(bistro), 1)
        self.assertEqual(bistro[0]["partner_id"], self.bistro_kitchen.id, "keeps the address")
        self.assertEqual(bistro[0]["picking_id"], self.bistro_delivery.id)
        self.assertEqual(bistro[0]["lot_id"], self.tray_bistro.id)
        self.assertAlmostEqual(bistro[0]["quantity"], 1)

    def test_customer_return_reduces_net_quantity(self):
        deliveries = self.flour_lot._get_customer_deliveries()
        grocer = [d for d in deliveries if d["commercial_partner_id"] == self.grocer.id]
        self.assertEqual(
            sorted(d["quantity"] for d in grocer), [-1.0, 1.0], "delivery and customer return"
        )
        self.assertEqual(sum(d["quantity"] for d in grocer), 0.0)

    def test_vendor_return_is_not_a_customer_delivery(self):
        pickings = {d["picking_id"] for d in self.flour_lot._get_customer_deliveries()}
        self.assertNotIn(self.vendor_return.id, pickings)
        self.assertEqual(
            pickings, {self.bistro_delivery.id, self.grocer_delivery.id, self.grocer_return.id}
        )

    def test_pending_shipment_is_listed_to_stop(self):
        to_stop = self.flour_lot._get_shipments_to_stop()
        self.assertEqual([s["picking_id"] for s in to_stop], [self.pending_delivery.id])
        self.assertEqual(to_stop[0]["lot_id"], self.tray_pending.id)
        self.assertNotIn(
            self.pending_delivery.id,
            {d["picking_id"] for d in self.flour_lot._get_customer_deliveries()},
        )

    def test_downstream_on_hand_by_location(self):
        on_hand = {
            (row["lot_id"], row["location_id"]): row["quantity"]
            for row in self.flour_lot._get_downstream_on_hand()
        }
        self.assertAlmostEqual(on_hand[(self.flour_lot.id, self.stock_location.id)], 65)
        self.assertAlmostEqual(on_hand[(self.batch.id, self.stock_location.id)], 20)
        self.assertAlmostEqual(on_hand[(self.mixed.id, self.stock_location.id)], 2)
        self.assertAlmostEqual(on_hand[(self.tray_grocer.id, self.stock_location.id)], 1)
        self.assertNotIn((self.tray_bistro.id, self.stock_location.id), on_hand)

    def test_downstream_impact_answers_every_part_from_one_walk(self):
        """A recall's questions (lots, deliveries, shipments to stop, on hand) are answered by
        one walk (one recursive query) and one query over the lots it reached, with the same
        answers as asking each part alone."""
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with patch.object(
            genealogy_class, "_query", autospec=True, side_effect=genealogy_class._query
        ) as query:
            impact = self.flour_lot._get_downstream_impact()
        queries = [call.args[1].code for call in query.call_args_list]
        self.assertEqual(len(queries), 2)
        self.assertEqual(["WITH RECURSIVE" in code for code in queries], [True, False])
        self.assertEqual(set(impact), {"lots", "deliveries", "shipments", "on_hand", "customers"})
        self.assertEqual(impact["lots"], self.flour_lot._get_downstream_lots())
        self.assertIn(self.mixed, impact["lots"])

        def key(rows):
            return sorted(tuple(sorted(row.items())) for row in rows)

        self.assertEqual(key(impact["deliveries"]), key(self.flour_lot._get_customer_deliveries()))
        self.assertEqual(key(impact["shipments"]), key(self.flour_lot._get_shipments_to_stop()))
        self.assertEqual(key(impact["on_hand"]), key(self.flour_lot._get_downstream_on_hand()))
        self.assertEqual(len(impact["deliveries"]), 3)
        tray_uom = self.cookie_tray.uom_id.id
        self.assertEqual({row["uom_id"] for row in impact["deliveries"]}, {tray_uom})
        # customers rolled up in SQL are the deliveries rolled up in Python
        rolled_up = self.env["stock.lot.genealogy"]._roll_up_customers(impact["deliveries"])
        self.assertEqual(key(impact["customers"]), key(rolled_up))

    def _customers(self, lot):
        return {
            row["commercial_partner_id"]: row["address_ids"]
            for row in lot._get_downstream_impact(["customers"])["customers"]
        }

    def test_customers_are_the_deliveries_rolled_up_by_commercial_partner(self):
        """The bistro got a tray at its kitchen door; the grocer returned its tray, but had it.
        The mill (a return to the supplier), the grocer's shipment not done yet and a depot
        that only sent a tray back make no customer."""
        self.grocer_return.partner_id = self.env["res.partner"].create({"name": "Depot"})
        self.assertEqual(
            self._customers(self.flour_lot),
            {self.bistro.id: [self.bistro_kitchen.id], self.grocer.id: [self.grocer.id]},
        )
        self.assertEqual(self._customers(self.tray_pending), {})

    def test_customers_obey_the_record_rules_of_move_lines(self):
        self.env["ir.rule"].create(
            {
                "name": "No transfer of the grocer",
                "model_id": self.env["ir.model"]._get_id("stock.move.line"),
                "domain_force": f"[('picking_partner_id', '!=', {self.grocer.id})]",
            }
        )
        # a tray sent back from a depot: readable, but the depot is no customer
        self.grocer_return.partner_id = self.env["res.partner"].create({"name": "Depot"})
        lot = self.flour_lot.with_user(self.trace_user)
        expected = {self.bistro.id: [self.bistro_kitchen.id]}
        self.assertEqual(self._customers(lot), expected)
        # a rule the engine cannot write as a condition (joins): rolled up from the deliveries
        # the user may read
        genealogy_class = type(self.env["stock.lot.genealogy"])
        get_rule_condition = genealogy_class._get_rule_condition

        def without_condition(genealogy, model_name):
            if model_name == "stock.move.line":
                return None
            return get_rule_condition(genealogy, model_name)

        with patch.object(
            genealogy_class, "_get_rule_condition", autospec=True, side_effect=without_condition
        ):
            self.assertEqual(self._customers(lot), expected)
            impact = lot._get_downstream_impact(["customers", "deliveries"])
        self.assertEqual(set(impact), {"customers", "deliveries"})
        self.assertEqual(
            {row["picking_id"] for row in impact["deliveries"]},
            {self.bistro_delivery.id, self.grocer_return.id},
        )

    def test_downstream_impact_asks_only_for_the_parts_given(self):
        impact = self.flour_lot._get_downstream_impact(["shipments"])
        self.assertEqual(list(impact), ["shipments"])
        self.assertEqual(
            [row["picking_id"] for row in impact["shipments"]], [self.pending_delivery.id]
        )
        with self.assertRaises(ValueError):
            self.flour_lot._get_downstream_impact(["suppliers"])

    def test_indexes_made_at_install_and_dropped_at_uninstall(self):
        def existing():
            rows = self.env.execute_query(
                SQL(
                    "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                    list(GENEALOGY_INDEXES),
                )
            )
            return {name for (name,) in rows}

        def partner_column():
            return self.env.execute_query(
                SQL(
                    "SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                    "AND column_name = %s",
                    "stock_move_line",
                    "picking_partner_id",
                )
            )

        self.assertEqual(existing(), set(GENEALOGY_INDEXES))
        self.assertTrue(partner_column())
        uninstall_hook(self.env)
        self.assertFalse(existing())
        self.assertFalse(partner_column())
        [(link_table,)] = self.env.execute_query(SQL("SELECT to_regclass(%s)", LINK_TABLE))
        self.assertIsNone(link_table)

    def test_delivery_address_follows_its_transfer(self):
        """The delivery address is the transfer's partner, stored on the line: a transfer
        given another address moves the delivery there, and a line without transfer partner
        falls back on its move's."""
        self.bistro_delivery.partner_id = self.grocer
        deliveries = {row["picking_id"]: row for row in self.flour_lot._get_customer_deliveries()}
        self.assertEqual(deliveries[self.bistro_delivery.id]["partner_id"], self.grocer.id)
        self.assertEqual(
            deliveries[self.bistro_delivery.id]["commercial_partner_id"], self.grocer.id
        )
        self.grocer_delivery.partner_id = False  # Odoo clears the moves' partner too
        self.grocer_delivery.move_ids.partner_id = self.bistro_kitchen
        deliveries = {row["picking_id"]: row for row in self.flour_lot._get_customer_deliveries()}
        self.assertEqual(deliveries[self.grocer_delivery.id]["partner_id"], self.bistro_kitchen.id)
        self.assertEqual(
            deliveries[self.grocer_delivery.id]["commercial_partner_id"], self.bistro.id
        )

    def test_smart_button_counts(self):
        self.assertEqual(self.batch.upstream_lot_count, 2)
        self.assertEqual(self.batch.downstream_lot_count, 11)
        self.assertEqual(self.flour_lot.upstream_lot_count, 0)

    def test_smart_button_counts_only_readable_lots(self):
        """Issue #19: the counts counted lots the user may not read (another company's)."""
        self.env["ir.rule"].create(
            {
                "name": "No mixed trays",
                "model_id": self.env["ir.model"]._get_id("stock.lot"),
                "domain_force": f"[('id', 'not in', {(self.mixed | self.trays[0]).ids})]",
            }
        )
        batch = self.batch.with_user(self.trace_user)
        self.assertEqual(batch.downstream_lot_count, 9)
        self.assertEqual(batch.upstream_lot_count, 2)
        # a rule the engine cannot write as a condition: the reached ids are filtered
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with patch.object(genealogy_class, "_get_rule_condition", autospec=True, return_value=None):
            batch.invalidate_recordset(["downstream_lot_count"])
            self.assertEqual(batch.downstream_lot_count, 9)

    def test_genealogy_count_of_the_form_buttons(self):
        self.env["ir.rule"].create(
            {
                "name": "No mixed trays",
                "model_id": self.env["ir.model"]._get_id("stock.lot"),
                "domain_force": f"[('id', '!=', {self.mixed.id})]",
            }
        )
        batch = self.batch.with_user(self.trace_user)
        self.assertEqual(batch.get_genealogy_count("downstream"), 10)
        self.assertEqual(batch.get_genealogy_count("upstream"), 2)
        with self.assertRaisesRegex(UserError, "Unknown direction sideways"):
            batch.get_genealogy_count("sideways")

    def test_odoo_delivery_lookup_follows_the_split(self):
        """One link source: Odoo's own lookup finds the trays' deliveries from the flour lot."""
        odoo_pickings = set(self.flour_lot._find_delivery_ids_by_lot_iterative()[self.flour_lot.id])
        self.assertIn(self.bistro_delivery.id, odoo_pickings)
        self.assertIn(self.vendor_return.id, odoo_pickings, "Odoo counts the vendor return")

    def test_unbuild_link_and_cycle(self):
        """Unbuilding the batch gives the flour lot back: flour -> batch -> flour is a cycle,
        the walk ends and reports the unbuild."""
        unbuild_form = Form(self.env["mrp.unbuild"])
        unbuild_form.mo_id = self.mo
        unbuild_form.product_qty = 4
        unbuild = unbuild_form.save()
        unbuild.action_unbuild()
        links = self.flour_lot._get_genealogy_links("downstream")
        back = [link for link in links if link["link_type"] == "unbuild"]
        self.assertTrue(back)
        self.assertEqual({link["res_model"] for link in back}, {"mrp.unbuild"})
        self.assertEqual({link["res_id"] for link in back}, {unbuild.id})
        self.assertIn(self.flour_lot.id, {link["lot_id"] for link in back})
        self.assertEqual(
            self.flour_lot._get_downstream_lots(),
            self.flour_lot | self.batch | self.trays | self.mixed | self.butter_lot,
        )

    def test_walk_context_cache_follows_locations_and_unbuilds(self):
        """The walk is built with the location ids of each type and whether an unbuild
        exists, cached: a new customer location, a location changed into one and a first
        unbuild are seen by the next walk."""
        genealogy = self.env["stock.lot.genealogy"]
        self.assertFalse(genealogy._get_walk_context()["unbuild"])  # read, and cached
        shop = self.env["stock.location"].create({"name": "Test Shop", "usage": "customer"})
        to_shop = self._move_lot(
            self.trays[5], 1, self.stock_location, shop, self.bistro, self.out_type
        )
        self.assertIn(
            to_shop.id, {row["picking_id"] for row in self.flour_lot._get_customer_deliveries()}
        )
        dock = self.env["stock.location"].create({"name": "Test Dock", "usage": "internal"})
        genealogy._get_walk_context()
        dock.usage = "customer"
        to_dock = self._move_lot(self.trays[6], 1, self.stock_location, dock, self.grocer)
        self.assertIn(
            to_dock.id, {row["picking_id"] for row in self.flour_lot._get_customer_deliveries()}
        )
        unbuild_form = Form(self.env["mrp.unbuild"])
        unbuild_form.mo_id = self.mo
        unbuild_form.product_qty = 4
        unbuild_form.save().action_unbuild()
        self.assertTrue(genealogy._get_walk_context()["unbuild"])
        self.assertIn(self.butter_lot, self.flour_lot._get_downstream_lots())

    def test_trace_screen_shows_batch_trays_and_both_customers(self):
        action = self.flour_lot.action_view_downstream_lots()
        trace = self.env["stock.lot.trace"].browse(action["res_id"])
        lines = trace.line_ids
        self.assertIn(self.batch, lines.lot_id)
        self.assertIn(self.tray_bistro, lines.lot_id)
        self.assertEqual(
            lines.filtered(lambda line: line.line_type == "delivery").commercial_partner_id,
            self.bistro | self.grocer,
        )
        self.assertEqual(
            lines.filtered(lambda line: line.line_type == "to_stop").lot_id, self.tray_pending
        )
        self.assertEqual(trace.customer_count, 2)
        self.assertEqual(trace.downstream_count, 12)
        tray_line = lines.filtered(
            lambda line: line.lot_id == self.tray_bistro and line.line_type == "lot"
        )
        self.assertEqual(tray_line.depth, 2)
        self.assertTrue(tray_line.name.endswith(self.tray_bistro.name))
        self.assertEqual(tray_line.res_model, "stock.lot.transformation")

    def test_trace_screen_checks_documents_once_per_model(self):
        """The ten trays come from one split: its document is checked (exists, readable)
        once for the whole tree, not once per tray."""
        transformation_class = type(self.env["stock.lot.transformation"])
        original = transformation_class.exists
        calls = []

        def exists(records):
            calls.append(len(records))
            return original(records)

        trace = self.env["stock.lot.trace"].with_user(self.trace_user)
        trace = trace.create({"lot_id": self.flour_lot.id, "direction": "downstream"})
        with patch.object(transformation_class, "exists", exists):
            trace.action_refresh()
        self.assertEqual(calls, [2], "one check for the split and the merge")
        tray_lines = trace.line_ids.filtered(
            lambda line: line.lot_id in self.trays and line.line_type == "lot"
        )
        self.assertEqual(len(tray_lines), 10)
        self.assertEqual(set(tray_lines.mapped("res_model")), {"stock.lot.transformation"})
        self.assertTrue(all(tray_lines.mapped("document")))

    def test_trace_screen_both_ways_and_xlsx(self):
        trace = self.env["stock.lot.trace"].create({"lot_id": self.batch.id})
        trace.action_refresh()
        directions = trace.line_ids.mapped("direction")
        self.assertEqual(directions[0], "start")
        self.assertEqual(set(directions[1:3]), {"upstream"})
        self.assertEqual(directions[-1], "downstream")
        self.assertEqual(trace.upstream_count, 2)
        content = trace._get_xlsx_content()
        self.assertTrue(content.startswith(b"PK"))
        action = trace.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")


@tagged("post_install", "-at_install")
class TestLotFormButtons(GenealogyCommon):
    """The lot form offers what can be done with the lot, the traceability buttons first."""

    def _form_arch(self):
        form = self.env["stock.lot"].with_user(self.trace_user).get_views([(False, "form")])
        return etree.fromstring(form["views"]["form"]["arch"])

    def test_traceability_smart_buttons_come_first(self):
        box = self._form_arch().xpath("//div[@name='button_box']")[0]
        names = [button.get("name") for button in box.iterchildren("button")]
        self.assertEqual(
            names[:3],
            ["action_view_upstream_lots", "action_view_downstream_lots", "action_view_recalls"],
        )

    def test_split_and_merge_only_on_an_available_lot(self):
        arch = self._form_arch()
        for name in ("action_open_split_wizard", "action_open_merge_wizard"):
            (button,) = arch.xpath(f"//header/button[@name='{name}']")
            self.assertIn("trace_status != 'available'", button.get("invisible"))


@tagged("post_install", "-at_install")
class TestGenealogyShapes(GenealogyCommon):
    def test_depth_ten_chain(self):
        lot = self._create_lot(self.flour, "CHAIN-0", 10)
        chain = lot
        for _index in range(10):
            lot = self._split(lot, unit_count=1, unit_quantity=10)
            chain |= lot
        links = chain[0]._get_genealogy_links("downstream")
        self.assertEqual(max(link["depth"] for link in links), 10)
        depth_of = {link["lot_id"]: link["depth"] for link in links}
        self.assertEqual(depth_of[chain[-1].id], 10)
        upstream = chain[-1]._get_upstream_lots()
        self.assertEqual(upstream, chain)
        trimmed = chain[0]._get_genealogy_links("downstream", max_depth=4)
        self.assertEqual(max(link["depth"] for link in trimmed), 4)

    def test_cycle_ends(self):
        """A -> B -> C -> D and C -> A (C reworked into lot A, or bad data): walks end."""
        virtual_location = self.env.ref("lot_traceability.stock_location_lot_transformation")
        lot_z = self._create_lot(self.flour, "CYCLE-Z", 10)
        lot_a = self._split(lot_z, unit_count=1, unit_quantity=10)
        lot_b = self._split(lot_a, unit_count=1, unit_quantity=8)
        lot_c = self._split(lot_b, unit_count=1, unit_quantity=6)
        lot_d = self._split(lot_c, unit_count=1, unit_quantity=4)
        done_lines = self.env["stock.move.line"].search([("state", "=", "done")])
        a_produced = done_lines.filtered(
            lambda ml: ml.lot_id == lot_a and ml.location_id == virtual_location
        )
        c_consumed = done_lines.filtered(
            lambda ml: ml.lot_id == lot_c and ml.location_dest_id == virtual_location
        )
        a_produced.consume_line_ids |= c_consumed
        downstream = lot_a._get_genealogy_links("downstream")
        self.assertEqual(
            {(link["parent_lot_id"], link["lot_id"]) for link in downstream},
            {
                (None, lot_a.id),
                (lot_a.id, lot_b.id),
                (lot_b.id, lot_c.id),
                (lot_c.id, lot_d.id),
                (lot_c.id, lot_a.id),
            },
        )
        self.assertEqual(max(link["depth"] for link in downstream), 3)
        self.assertEqual(lot_c._get_upstream_lots(), lot_z | lot_a | lot_b | lot_c)
        self.assertEqual(lot_b._get_downstream_lots(), lot_a | lot_b | lot_c | lot_d)
        self.assertEqual(lot_d._get_downstream_lots(), lot_d)


@tagged("post_install", "-at_install")
class TestGenealogyMultiCompany(GenealogyCommon):
    def test_other_company_user_sees_nothing(self):
        lot = self._create_lot(self.flour, "MC-FLOUR", 10, company_id=self.env.company.id)
        batch, _mo = self._produce(self.cookie_batch, "MC-BATCH", 5, [(lot, 5)])
        batch.company_id = self.env.company
        self._deliver(batch, 2, self.bistro)
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "outsider_genealogy",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("lot_traceability.group_traceability_user").id])
                ],
            }
        )
        lot_as_outsider = lot.with_user(outsider)
        self.assertFalse(lot_as_outsider._get_downstream_lots())
        self.assertFalse(lot_as_outsider._get_genealogy_links("downstream"))
        self.assertFalse(batch.with_user(outsider)._get_upstream_lots())
        self.assertFalse(lot_as_outsider._get_customer_deliveries())
        self.assertFalse(lot_as_outsider._get_downstream_on_hand())
        self.assertFalse(any(lot_as_outsider._get_downstream_impact().values()))
        # and the traceability user of this company sees it all
        lot_as_user = lot.with_user(self.trace_user)
        self.assertEqual(lot_as_user._get_downstream_lots(), lot | batch)
        self.assertEqual(len(lot_as_user._get_customer_deliveries()), 1)


@tagged("post_install", "-at_install")
class TestGenealogyTour(HttpCase, GenealogyCommon):
    def test_split_and_trace_tour(self):
        self.trace_user.password = "trace_user"
        flour = self._create_lot(self.flour, "TOUR-FLOUR", 20)
        batch, _mo = self._produce(self.cookie_batch, "TOUR-BATCH", 10, [(flour, 8)])
        self.start_tour(
            f"/odoo/action-stock.action_production_lot_form/{batch.id}",
            "lot_traceability_genealogy_tour",
            login="trace_user",
        )
        trays = self.env["stock.lot"].search([("name", "=like", "TOUR-BATCH-0%")])
        self.assertEqual(len(trays), 4)
        self.assertEqual(batch.product_qty, 2)

    def test_smart_button_counts_come_after_the_form(self):
        """Issue #19: the counts ran two recursive walks on every read of the lot form; the
        form no longer reads them, its buttons ask for them once shown."""
        arch = self.env["stock.lot"].with_user(self.trace_user).get_view(view_type="form")["arch"]
        self.assertNotIn("upstream_lot_count", arch)
        self.assertNotIn("downstream_lot_count", arch)
        self.assertIn("lot_genealogy_count", arch)
        self.trace_user.password = "trace_user"
        flour = self._create_lot(self.flour, "COUNT-FLOUR", 20)
        batch, _mo = self._produce(self.cookie_batch, "COUNT-BATCH", 10, [(flour, 8)])
        self._split(batch, unit_count=2, unit_quantity=1)
        self.start_tour(
            f"/odoo/action-stock.action_production_lot_form/{batch.id}",
            "lot_traceability_genealogy_count_tour",
            login="trace_user",
        )


@tagged("post_install", "-at_install")
class TestGenealogyPhoneTour(HttpCase, GenealogyCommon):
    """On a phone (390 px), the split wizard and the trace screen fit the screen."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trace_user.password = "trace_user"
        flour = cls._create_lot(cls.flour, "TOUR-FLOUR", 20)
        cls.batch, _mo = cls._produce(cls.cookie_batch, "TOUR-BATCH", 10, [(flour, 8)])
        cls._deliver(cls.batch, 2, cls.bistro_kitchen)

    def test_split_wizard_on_a_phone(self):
        self.start_tour(
            f"/odoo/action-stock.action_production_lot_form/{self.batch.id}",
            "lot_traceability_split_phone_tour",
            login="trace_user",
        )
        units = self.env["stock.lot"].search([("name", "=like", "TOUR-BATCH-0%")])
        self.assertEqual(len(units), 3)

    def test_trace_screen_on_a_phone(self):
        trace = (
            self.env["stock.lot.trace"].with_user(self.trace_user)._action_open_trace(self.batch)
        )
        self.start_tour(
            f"/odoo/action-lot_traceability.stock_lot_trace_action/{trace['res_id']}",
            "lot_traceability_trace_phone_tour",
            login="trace_user",
        )
