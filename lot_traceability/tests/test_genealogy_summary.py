# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.addons.lot_traceability.models.stock_lot_genealogy_summary import SUMMARY_PARTS
from odoo.addons.lot_traceability.orm_bypass.switch import ORM_ONLY_PARAM
from odoo.tests import tagged

from .common_genealogy import GenealogyCommon


@tagged("post_install", "-at_install")
class TestGenealogySummary(GenealogyCommon):
    """The downstream summary rolled up in SQL equals the row-level answer rolled up in Python,
    for every lot of the genealogy story: flour and butter -> cookie batch -> 10 trays (split)
    -> deliveries to two addresses of the bistro and to the grocer, a customer return, a
    delivery without customer, a pending shipment, a vendor return, two trays merged; butter
    also delivered as such (a second product for the bistro)."""

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
        cls.tray_bistro, cls.tray_grocer, cls.tray_pending, cls.tray_anonymous = cls.trays[:4]
        cls._deliver(cls.tray_bistro, 1, cls.bistro_kitchen)
        cls._deliver(cls.trays[5], 1, cls.bistro)
        cls._deliver(cls.butter_lot, 4, cls.bistro)
        cls._deliver(cls.tray_grocer, 1, cls.grocer)
        cls._move_lot(
            cls.tray_grocer, 1, cls.customer_location, cls.stock_location, cls.grocer, cls.in_type
        )
        cls._deliver(cls.tray_anonymous, 1, None)
        cls._deliver(cls.tray_pending, 1, cls.grocer, validate=False)
        cls._move_lot(cls.flour_lot, 5, cls.stock_location, cls.supplier_location, cls.mill)
        cls.mixed = cls._merge(cls.trays[6:8], "TRAY-MIX")
        cls.story_lots = (
            cls.flour_lot | cls.butter_lot | cls.batch | cls.trays | cls.mixed
        ).sorted("id")

    def _rolled_up_rows(self, lots):
        """The reference: the row-level answer rolled up in Python."""
        impact = lots._get_downstream_impact(["lots", "deliveries", "on_hand", "shipments"])
        return self.env["stock.lot.genealogy"]._roll_up_downstream_impact(impact)

    def _comparable(self, summary):
        def rows(dicts):
            return sorted(
                tuple(sorted((k, round(v, 6) if isinstance(v, float) else v) for k, v in d.items()))
                for d in dicts
            )

        return {
            "lot_count": summary["lot_count"],
            "delivery_count": summary["delivery_count"],
            "customers": [
                dict(customer, quantities=rows(customer["quantities"]))
                for customer in summary["customers"]
            ],
            "on_hand": rows(summary["on_hand"]),
            "shipments": rows(summary["shipments"]),
        }

    def _assert_summary_equals_rows(self, lots):
        summary = lots._get_downstream_summary()
        self.assertEqual(
            self._comparable(summary),
            self._comparable(self._rolled_up_rows(lots)),
            f"summary of lots {lots.ids}",
        )
        return summary

    def test_summary_equals_rolled_up_rows_for_every_story_lot(self):
        for lot in self.story_lots:
            with self.subTest(lot=lot.sudo().name):
                self._assert_summary_equals_rows(lot)
        self._assert_summary_equals_rows(self.story_lots)
        self._assert_summary_equals_rows(self.flour_lot | self.tray_grocer)

    def test_summary_of_the_flour_lot(self):
        summary = self.flour_lot._get_downstream_summary()
        self.assertEqual(summary["lot_count"], 13, "flour, batch, 10 trays, the merged lot")
        self.assertEqual(summary["delivery_count"], 5, "4 deliveries and a return of trays")
        customers = {c["commercial_partner_id"]: c for c in summary["customers"]}
        self.assertEqual(list(customers), [self.bistro.id, self.grocer.id, None])
        tray, unit = self.cookie_tray.id, self.cookie_tray.uom_id.id
        bistro = customers[self.bistro.id]
        self.assertEqual(bistro["address_ids"], sorted([self.bistro.id, self.bistro_kitchen.id]))
        self.assertEqual(bistro["delivery_count"], 2)
        self.assertEqual(
            bistro["quantities"], [{"product_id": tray, "uom_id": unit, "quantity": 2.0}]
        )
        grocer = customers[self.grocer.id]
        self.assertEqual(grocer["delivery_count"], 2, "a delivery and a return")
        self.assertEqual(
            grocer["quantities"],
            [{"product_id": tray, "uom_id": unit, "quantity": 0.0}],
            "the return nets the delivery",
        )
        self.assertEqual(customers[None]["address_ids"], [])
        self.assertEqual([s["lot_id"] for s in summary["shipments"]], [self.tray_pending.id])
        self.assertIn(
            self.flour_lot.id, {row["lot_id"] for row in summary["on_hand"]}, "the rest of flour"
        )

    def test_delivery_without_transfer_partner_goes_to_the_moves_partner(self):
        """A delivery whose transfer has no partner is the move's partner's: rolled up apart
        from the lines grouped by their transfer's partner, with the same answer."""
        line = self.env["stock.move.line"].search(
            [("lot_id", "=", self.tray_anonymous.id), ("state", "=", "done")]
        )
        self.assertFalse(line.picking_partner_id)
        line.move_id.partner_id = self.grocer
        summary = self.flour_lot._get_downstream_summary(["customers"])
        customers = {c["commercial_partner_id"]: c for c in summary["customers"]}
        self.assertNotIn(None, customers, "no delivery left without partner")
        self.assertEqual(customers[self.grocer.id]["delivery_count"], 3)
        self.assertEqual(customers[self.grocer.id]["quantities"][0]["quantity"], 1.0)
        self._assert_summary_equals_rows(self.flour_lot)

    def test_net_quantity_per_product_and_unit(self):
        summary = (self.flour_lot | self.butter_lot)._get_downstream_summary(["customers"])
        self.assertEqual(set(summary), {"customers", "delivery_count"})
        bistro = next(
            c for c in summary["customers"] if c["commercial_partner_id"] == self.bistro.id
        )
        self.assertEqual(
            [(q["product_id"], q["uom_id"], q["quantity"]) for q in bistro["quantities"]],
            sorted(
                [
                    (self.butter.id, self.butter.uom_id.id, 4.0),
                    (self.cookie_tray.id, self.cookie_tray.uom_id.id, 2.0),
                ]
            ),
        )

    def test_summary_hands_no_delivery_row_to_python(self):
        """The SQL path answers without the row-level answer and without a delivery dict."""
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with (
            patch.object(genealogy_class, "_get_downstream", side_effect=AssertionError),
            patch.object(
                genealogy_class,
                "_downstream_rows_as_dicts",
                autospec=True,
                side_effect=genealogy_class._downstream_rows_as_dicts,
            ) as as_dicts,
        ):
            summary = self.flour_lot._get_downstream_summary()
        self.assertEqual(summary["lot_count"], 13)
        self.assertEqual(
            {tuple(call.args[2]) for call in as_dicts.call_args_list}, {("on_hand", "shipments")}
        )

    def test_parts_asked_only(self):
        summary = self.flour_lot._get_downstream_summary(["lot_count"])
        self.assertEqual(summary, {"lot_count": 13})
        self.assertEqual(list(self.flour_lot._get_downstream_summary(["shipments"])), ["shipments"])
        self.assertEqual(
            set(self.flour_lot._get_downstream_summary()), {*SUMMARY_PARTS, "delivery_count"}
        )
        with self.assertRaises(ValueError):
            self.flour_lot._get_downstream_summary(["deliveries"])
        empty = self.env["stock.lot"]._get_downstream_summary()
        self.assertEqual(
            empty,
            {"lot_count": 0, "delivery_count": 0, "customers": [], "on_hand": [], "shipments": []},
        )

    def test_record_rules_with_a_condition_and_with_joins(self):
        self.env["ir.rule"].create(
            {
                "name": "No transfer of the grocer",
                "model_id": self.env["ir.model"]._get_id("stock.move.line"),
                "domain_force": f"[('picking_partner_id', '!=', {self.grocer.id})]",
            }
        )
        self.env["ir.rule"].create(
            {
                "name": "No merged lot",
                "model_id": self.env["ir.model"]._get_id("stock.lot"),
                "domain_force": "[('name', '!=', 'TRAY-MIX')]",
            }
        )
        lots = self.story_lots.with_user(self.trace_user)
        for lot in lots:
            with self.subTest(lot=lot.sudo().name):
                self._assert_summary_equals_rows(lot)
        summary = self._assert_summary_equals_rows(
            lots[0] | self.flour_lot.with_user(self.trace_user)
        )
        flour = self._assert_summary_equals_rows(self.flour_lot.with_user(self.trace_user))
        self.assertEqual(flour["lot_count"], 12, "the merged lot is not counted")
        self.assertNotIn(self.grocer.id, [c["commercial_partner_id"] for c in flour["customers"]])
        self.assertTrue(summary["customers"])
        # a rule the engine cannot write as a condition (joins): the row-level answer rolled up
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with patch.object(genealogy_class, "_get_rule_condition", autospec=True, return_value=None):
            self.assertEqual(
                self._comparable(
                    self.flour_lot.with_user(self.trace_user)._get_downstream_summary()
                ),
                self._comparable(flour),
            )

    def test_other_company_counts_nothing(self):
        for lot in self.story_lots:
            lot.company_id = self.env.company
        other_company = self.env["res.company"].create({"name": "Other Bakery"})
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "outsider_genealogy_summary",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("lot_traceability.group_traceability_user").id])
                ],
            }
        )
        summary = self._assert_summary_equals_rows(self.flour_lot.with_user(outsider))
        self.assertEqual(
            summary,
            {"lot_count": 0, "delivery_count": 0, "customers": [], "on_hand": [], "shipments": []},
        )
        # a user of both companies, working in the other one only
        self.trace_user.company_ids |= other_company
        lot = self.flour_lot.with_user(self.trace_user).with_context(
            allowed_company_ids=other_company.ids
        )
        self.assertEqual(self._assert_summary_equals_rows(lot)["lot_count"], 0)
        lot = lot.with_context(allowed_company_ids=self.env.company.ids)
        self.assertEqual(self._assert_summary_equals_rows(lot)["lot_count"], 13)

    def test_orm_only_switch_rolls_up_the_rows(self):
        expected = self._comparable(self.flour_lot._get_downstream_summary())
        self.env["ir.config_parameter"].sudo().set_param(ORM_ONLY_PARAM, "True")
        genealogy_class = type(self.env["stock.lot.genealogy"])
        with patch.object(genealogy_class, "_read_summary_rollup", side_effect=AssertionError):
            self.assertEqual(self._comparable(self.flour_lot._get_downstream_summary()), expected)
