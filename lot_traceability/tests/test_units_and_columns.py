# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from lxml import etree

from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common_recall import RecallCommon


@tagged("post_install", "-at_install")
class TestUnitsAndColumns(RecallCommon):
    """What a user sees: never a total across units of measure, the unit beside every
    quantity, identifiers whole, nothing shown before it was measured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A user without "Units of Measure" (uom.group_uom) still sees the units.
        cls.env.ref("base.group_user").implied_ids -= cls.env.ref("uom.group_uom")
        cls.trace_user.groups_id -= cls.env.ref("uom.group_uom")

    def _arch(self, xmlid, model, view_type="list", user=None):
        view = self.env.ref(xmlid)
        env = self.env(user=user or self.trace_user)
        return etree.fromstring(env[model].get_view(view.id, view_type)["arch"])

    def _fields(self, arch, name):
        return arch.xpath(f"//field[@name='{name}']")

    def test_recall_deliveries_not_summed_across_units(self):
        recall = self._open_recall()
        self.assertEqual(
            set(recall.delivery_ids.uom_id.mapped("name")), {"Units"}
        )  # the story's deliveries: trays; kg lines come from batches in the demo
        arch = self._arch(
            "lot_traceability.stock_lot_recall_delivery_view_list",
            "stock.lot.recall.delivery",
        )
        (quantity,) = self._fields(arch, "quantity")
        self.assertIsNone(quantity.get("sum"))
        self.assertTrue(self._fields(arch, "uom_id"))
        # Grouped lists (the stat buttons' lists, grouped by customer) do not add them up.
        for model, names in (
            ("stock.lot.recall.delivery", ["quantity"]),
            ("stock.lot.recall.onhand", ["quantity"]),
            ("stock.lot.recall.shipment", ["quantity"]),
            (
                "stock.lot.recall.lot",
                [
                    "qty_in",
                    "qty_consumed",
                    "qty_delivered",
                    "qty_returned",
                    "qty_on_hand",
                    "qty_scrapped",
                    "qty_unaccounted",
                ],
            ),
        ):
            for name, description in self.env[model].fields_get(names).items():
                self.assertFalse(description.get("aggregator"), f"{model}.{name}")
        groups = self.env["stock.lot.recall.delivery"].read_group(
            [("recall_id", "=", recall.id)], ["quantity"], ["partner_id"]
        )
        self.assertNotIn("quantity", groups[0])

    def test_recall_lists_keep_identifiers_whole(self):
        for xmlid, model, names in (
            ("stock_lot_recall_lot_view_list", "stock.lot.recall.lot", ["lot_id"]),
            (
                "stock_lot_recall_delivery_view_list",
                "stock.lot.recall.delivery",
                ["lot_id", "picking_id"],
            ),
            ("stock_lot_recall_onhand_view_list", "stock.lot.recall.onhand", ["lot_id"]),
            (
                "stock_lot_recall_shipment_view_list",
                "stock.lot.recall.shipment",
                ["lot_id", "picking_id"],
            ),
        ):
            arch = self._arch(f"lot_traceability.{xmlid}", model)
            for name in names:
                (field,) = self._fields(arch, name)
                self.assertTrue(field.get("width"), f"{xmlid}: {name} has a width")

    def test_draft_recall_shows_no_duration_nor_share(self):
        arch = self._arch("lot_traceability.stock_lot_recall_view_form", "stock.lot.recall", "form")
        (duration,) = self._fields(arch, "report_duration")
        (share,) = self._fields(arch, "accounted_share")
        self.assertEqual(duration.get("invisible"), "not report_completed_date")
        self.assertEqual(share.get("invisible"), "not affected_date")
        arch = self._arch("lot_traceability.stock_lot_recall_view_list", "stock.lot.recall")
        (duration,) = self._fields(arch, "report_duration")
        (share,) = self._fields(arch, "accounted_share")
        self.assertEqual(duration.get("invisible"), "not report_completed_date")
        self.assertEqual(share.get("invisible"), "not affected_date")
        draft = self._create_recall()
        section = self.env["report.lot_traceability.report_recall"]._get_recall_sections(draft)
        summary = dict(section["summary"])
        self.assertEqual(summary["Time to Complete Report (hours)"], "")
        self.assertEqual(summary["Suspect Quantity Accounted For (%)"], "")

    def test_consolidated_never_sums_units_and_shows_them(self):
        consolidated = self.env["stock.lot.consolidated"]
        self.assertFalse(consolidated.fields_get(["quantity"])["quantity"].get("aggregator"))
        groups = consolidated.read_group(
            [("product_id", "in", (self.flour | self.cookie_tray).ids)], ["quantity"], ["tracking"]
        )
        self.assertTrue(groups)
        self.assertNotIn("quantity", groups[0], "kg and Units are not added up by a group")
        arch = self._arch(
            "lot_traceability.stock_lot_consolidated_view_list", "stock.lot.consolidated"
        )
        (quantity,) = self._fields(arch, "quantity")
        self.assertIsNone(quantity.get("sum"))
        self.assertTrue(self._fields(arch, "uom_id"), "the unit, without Units of Measure too")
        (expiry,) = self._fields(arch, "expiration_date")
        self.assertTrue(expiry.get("width"), "wide enough for the year")
        self.assertIn("'show_time': false", expiry.get("options"), "the date, with its year")

    def test_consolidated_drill_down_columns_and_locations(self):
        # FLOUR-BAD: 60 kg in stock, 40 kg in the production location (a positive quant
        # outside the warehouse: Odoo's own Location of the lot is then empty).
        line = self.env["stock.lot.consolidated"].search([("product_id", "=", self.flour.id)])
        action = line.action_open_lots()
        lots = self.env["stock.lot"].search(action["domain"])
        self.assertIn(self.flour_bad, lots)
        self.assertFalse(self.flour_bad.location_id)
        self.assertEqual(self.flour_bad.stock_location_ids, self.stock_location)
        arch = self._arch("lot_traceability.stock_lot_view_list_in_stock", "stock.lot")
        for name in ("product_qty", "product_uom_id", "stock_location_ids", "expiration_date"):
            fields = self._fields(arch, name)
            self.assertEqual(len(fields), 1, name)
            self.assertFalse(fields[0].get("column_invisible"), name)
            self.assertNotEqual(fields[0].get("optional"), "hide", name)

    def test_consolidated_lots_and_serials_side_by_side_in_the_menu(self):
        root = self.env.ref("lot_traceability.menu_traceability_root")
        menus = root.child_id.sorted(lambda menu: (menu.sequence, menu.id))
        lots = self.env.ref("lot_traceability.stock_lot_consolidated_lots_menu")
        serials = self.env.ref("lot_traceability.stock_lot_consolidated_serials_menu")
        index = list(menus).index(lots)
        self.assertEqual(menus[index + 1], serials)
        self.assertEqual(menus[index - 1], self.env.ref("lot_traceability.menu_traceability_lots"))

    def test_composition_list_shows_units(self):
        for view_type in ("list", "form"):
            arch = self._arch(
                f"lot_traceability.mrp_bom_composition_view_{view_type}", "mrp.bom", view_type
            )
            self.assertTrue(self._fields(arch, "product_uom_id"), view_type)
        form = self._arch("lot_traceability.mrp_bom_composition_view_form", "mrp.bom", "form")
        lines = form.xpath("//field[@name='bom_line_ids']/list//field[@name='product_uom_id']")
        self.assertEqual(len(lines), 1, "the components' unit, read-only without the group")

    def test_recall_notice_reads_well(self):
        recall = self._open_recall(classification="class_1")
        recall.action_notify_customers()
        bistro = recall.customer_ids.filtered(lambda c: c.partner_id == self.bistro)
        text = html2plaintext(bistro.mail_id.body_html)
        self.assertIn(f"(recall {recall.name}, Class I)", text)
        self.assertRegex(text, r"\b12\.00\s+Units")
        self.assertNotRegex(text, r"\b12\.0\s+Units")

    def test_recall_digest_quantities_with_their_unit(self):
        recall = self._open_recall()
        template = self.env.ref("lot_traceability.mail_template_recall_digest")
        body = template._render_field("body_html", recall.ids)[recall.id]
        text = re.sub(r"\s+", " ", html2plaintext(body))
        self.assertIn("FLOUR-BAD: 60.00 kg", text)

    def test_item_details_origin_sentence(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("lot_traceability.action_report_lot_item_details", self.batch.ids)[0]
            .decode()
        )
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", html))
        self.assertIn("Produced on ", text)
        self.assertNotIn("Produced by on", text)
        self.assertIn(f"({self.bake_mo.name}): 50.00 kg", text)
