# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools import epcis_reader
from ..tools.epcis_reader import _validator
from .common_demo import DemoCase
from .common_epcis_import import (
    FLOUR_GTIN,
    SALT_GTIN,
    WHEAT_GTIN,
    EpcisImportCommon,
    digital_link,
)


@tagged("post_install", "-at_install")
class TestEpcisImport(EpcisImportCommon):
    def _import(self, document, user=None, **kwargs):
        env = self.env(user=user or self.trace_user)
        return env["stock.lot.epcis.import"]._import_document(
            document, self.mill, picking=self.receipt.with_env(env), **kwargs
        )

    def _wheat_lot(self):
        return self.env["stock.lot"].search(
            [("product_id", "=", self.wheat.id), ("name", "=", "WHEAT-0412")]
        )

    # ------------------------------------------------------------------
    # The mill's chain joins ours
    # ------------------------------------------------------------------
    def test_import_extends_genealogy_upstream(self):
        document = self._import(self._mill_document())
        self.assertEqual(document.event_count, 2)
        self.assertEqual(document.external_lot_count, 1)
        wheat = self._wheat_lot()
        self.assertTrue(wheat.is_external)
        self.assertEqual(wheat.supplier_id, self.mill)
        # the transformation's lot master data are the flour's (its output), not the wheat's
        self.assertFalse(wheat.expiration_date)
        self.assertFalse(wheat.quant_ids)
        # both events are about our flour lot, matched by its supplier lot number
        self.assertEqual(len(self.flour_lot.epcis_event_ids), 2)
        link = self.env["stock.lot.epcis.link"].search([("output_lot_id", "=", self.flour_lot.id)])
        self.assertEqual(link.input_lot_id, wheat)
        self.assertEqual((link.input_quantity, link.input_uom), (1300.0, "KGM"))
        # the flour lot and the cookie batch made of it now have the wheat lot upstream
        self.assertEqual(self.flour_lot.get_genealogy_count("upstream"), 1)
        self.assertIn(wheat, self.cookie_lot._get_upstream_lots())
        self.assertIn(self.cookie_lot, wheat._get_downstream_lots())

    def test_trace_screen_shows_the_mill_lot_above_ours(self):
        self._import(self._mill_document())
        action = self.cookie_lot.with_user(self.trace_user).action_view_upstream_lots()
        trace = self.env["stock.lot.trace"].browse(action["res_id"])
        lines = trace.line_ids
        wheat_line = lines.filtered(lambda line: line.lot_id == self._wheat_lot())
        flour_line = lines.filtered(lambda line: line.lot_id == self.flour_lot)
        self.assertEqual(wheat_line.depth, flour_line.depth + 1)
        self.assertGreater(wheat_line.sequence, flour_line.sequence)
        self.assertEqual(wheat_line.link_type, "epcis")
        self.assertEqual(wheat_line.res_model, "stock.lot.epcis.event")
        self.assertIn("Test Mill", wheat_line.document)
        self.assertEqual(wheat_line.quantity, 1300.0)
        self.assertEqual(trace.upstream_count, 2)

    def test_identifier_forms_lgtin_urn_and_digital_link(self):
        """The shipping event names the lot as an LGTIN URN, the transformation as a Digital
        Link: both reach the same lot."""
        self._import(self._mill_document())
        shipping = self.flour_lot.epcis_event_ids.filtered(lambda e: e.biz_step == "shipping")
        self.assertEqual(shipping.event_type, "ObjectEvent")
        self.assertEqual(shipping.lot_ids, self.flour_lot)

    def test_query_document_and_full_chain_upstream(self):
        """An EPCISQueryDocument (what an endpoint answers) carrying the farm's transformation
        above the mill's wheat lot: the chain is followed to its top, whatever the order."""
        events = self._mill_document()["epcisBody"]["eventList"]
        farm = {
            "type": "TransformationEvent",
            "eventID": "urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000003",
            "eventTime": "2026-08-01T10:00:00.000+02:00",
            "eventTimeZoneOffset": "+02:00",
            "inputQuantityList": [{"epcClass": digital_link(SALT_GTIN, "SEED-7"), "quantity": 5}],
            "outputQuantityList": [
                {"epcClass": digital_link(WHEAT_GTIN, "WHEAT-0412"), "quantity": 2000}
            ],
            "ilmd": {"cbvmda:productionDate": "2026-08-01"},
        }
        self.env["product.product"].create(
            {"name": "Seed", "type": "consu", "tracking": "lot", "barcode": SALT_GTIN}
        )
        document = {
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISQueryDocument",
            "schemaVersion": "2.0",
            "creationDate": "2026-12-01T08:00:00.000Z",
            "epcisBody": {
                "queryResults": {
                    "queryName": "SimpleEventQuery",
                    "resultsBody": {"eventList": [farm, *events]},
                }
            },
        }
        self._import(document)
        upstream = self.flour_lot._get_upstream_lots()
        self.assertEqual(
            set(upstream.mapped("name")), {"FLOUR-1", "WHEAT-0412", "SEED-7"}, upstream
        )
        self.assertEqual(str(self._wheat_lot().production_date), "2026-08-01")

    def test_upload_wizard_on_the_lot(self):
        wizard = (
            self.env["stock.lot.epcis.import.wizard"]
            .with_user(self.trace_user)
            .with_context(default_lot_id=self.flour_lot.id)
            .create(
                {
                    "document": base64.b64encode(json.dumps(self._mill_document()).encode()),
                    "filename": "mill.jsonld",
                }
            )
        )
        self.assertEqual(wizard.partner_id, self.mill)
        action = wizard.action_import()
        self.assertEqual(action["params"]["type"], "success")
        document = self.env["stock.lot.epcis.import"].search([("lot_id", "=", self.flour_lot.id)])
        self.assertEqual(document.name, "mill.jsonld")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", document._name), ("res_id", "=", document.id)]
        )
        self.assertEqual(json.loads(base64.b64decode(attachment.datas)), self._mill_document())

    def test_event_naming_no_lot_is_skipped(self):
        """A pallet's event (SSCC only) says nothing about our lots: skipped, the rest kept."""
        pallet = {
            "type": "ObjectEvent",
            "eventID": "urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000010",
            "eventTime": "2026-11-30T06:00:00.000+01:00",
            "eventTimeZoneOffset": "+01:00",
            "action": "OBSERVE",
            "epcList": ["urn:epc:id:sscc:9521234.0123456789"],
            "bizStep": "shipping",
        }
        document = self._import(self._with_event(self._mill_document(), pallet))
        self.assertEqual(document.event_count, 2)

    # ------------------------------------------------------------------
    # Idempotence
    # ------------------------------------------------------------------
    def test_same_document_twice_adds_nothing(self):
        self._import(self._mill_document())
        before = self._counts()
        again = self._import(self._mill_document())
        self.assertFalse(again)
        self.assertEqual(self._counts(), before)
        action = self.Import._action_import_done(again)
        self.assertEqual(action["params"]["type"], "info")

    def test_second_document_adds_only_its_new_events(self):
        self._import(self._mill_document())
        hold = {
            "type": "ObjectEvent",
            "eventID": "urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000009",
            "eventTime": "2026-12-02T08:00:00.000+01:00",
            "eventTimeZoneOffset": "+01:00",
            "action": "OBSERVE",
            "quantityList": [{"epcClass": digital_link(WHEAT_GTIN, "WHEAT-0412"), "quantity": 1}],
            "bizStep": "holding",
            "disposition": "recalled",
        }
        lots = self.env["stock.lot"].search_count([])
        document = self._import(self._with_event(self._mill_document(), hold))
        self.assertEqual(document.event_ids.mapped("disposition"), ["recalled"])
        self.assertEqual(document.event_ids.lot_ids, self._wheat_lot())
        self.assertEqual(self.env["stock.lot"].search_count([]), lots)

    # ------------------------------------------------------------------
    # Bad documents: a clear error naming the event and the field, nothing written
    # ------------------------------------------------------------------
    def _assert_refused(self, document, *expected):
        before = self._counts()
        with self.assertRaises(UserError) as caught:
            self._import(document)
        for text in expected:
            self.assertIn(text, str(caught.exception))
        self.assertEqual(self._counts(), before)

    def test_refused_not_json(self):
        self._assert_refused(b"{not json", "EPCIS document refused", "not valid JSON")

    def test_refused_not_an_epcis_document(self):
        self._assert_refused({"type": "Invoice"}, "not an EPCIS document", "field type")

    def test_refused_schema_invalid(self):
        document = self._mill_document()
        document["epcisBody"]["eventList"][1]["bizStep"] = "shiping"
        self._assert_refused(
            document,
            "event 2 (urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000002)",
            "field epcisBody.eventList[1].bizStep",
        )

    def test_refused_without_the_gs1_schema(self):
        """GS1's schema is a separate file (data/epcis/README.md): without it nothing is
        imported unchecked."""
        _validator.cache_clear()
        self.addCleanup(_validator.cache_clear)
        with patch.object(epcis_reader, "SCHEMA_PATH", "lot_traceability/data/epcis/absent.json"):
            self._assert_refused(self._mill_document(), "GS1's EPCIS JSON schema is not installed")

    def test_refused_schema_missing_event_time(self):
        document = self._mill_document()
        del document["epcisBody"]["eventList"][0]["eventTime"]
        self._assert_refused(document, "event 1 (", "eventTime")

    def test_refused_lot_never_received(self):
        document = self._mill_document(flour_lot="W-9999")
        self._assert_refused(
            document,
            "event 1 (urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000001)",
            "epcisBody.eventList[0].inputQuantityList[0].epcClass",
            "lot WHEAT-0412 of Soft Wheat was never received from Test Mill",
        )

    def test_refused_unknown_gtin(self):
        document = self._mill_document(flour_gtin="09521234000044")
        self._assert_refused(
            document, "event 1 (", "GTIN 09521234000044 is the barcode of no product"
        )

    def test_refused_unknown_gtin_of_the_partner_lot(self):
        """The partner's lot above ours is of a product we do not know: refused, naming it."""
        self.wheat.barcode = False
        self._assert_refused(
            self._mill_document(),
            "epcisBody.eventList[0].inputQuantityList[0].epcClass",
            f"GTIN {WHEAT_GTIN} is the barcode of no product",
        )

    def test_refused_bad_identifier(self):
        document = self._mill_document()
        item = document["epcisBody"]["eventList"][1]["quantityList"][0]
        item["epcClass"] = "urn:epc:class:lgtin:9521234.01.W-1187"
        self._assert_refused(document, "event 2 (", "quantityList[0].epcClass", "not a readable")

    def test_refused_lot_received_from_another_supplier(self):
        self.receipt.partner_id = self.grocer
        self._assert_refused(self._mill_document(), "was never received from Test Mill")

    # ------------------------------------------------------------------
    # Access and external lots
    # ------------------------------------------------------------------
    def test_only_traceability_users_import(self):
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "epcis_clerk",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        before = self._counts()
        with self.assertRaises(AccessError):
            self.env["stock.lot.epcis.import"].with_user(clerk)._import_document(
                self._mill_document(), self.mill
            )
        with self.assertRaises(AccessError):
            self.env["stock.lot.epcis.link"].with_user(self.trace_user).create(
                {"input_lot_id": self.cookie_lot.id, "output_lot_id": self.flour_lot.id}
            )
        self.assertEqual(self._counts(), before)

    def test_external_lot_is_read_only_and_holds_no_stock(self):
        self._import(self._mill_document())
        wheat = self._wheat_lot().with_user(self.trace_user)
        with self.assertRaisesRegex(UserError, "read-only"):
            wheat.name = "WHEAT-X"
        with self.assertRaisesRegex(UserError, "read-only"):
            self.cookie_lot.with_user(self.trace_user).is_external = True
        with self.assertRaisesRegex(ValidationError, "created by the import"):
            self.env["stock.lot"].create(
                {"name": "FAKE", "product_id": self.wheat.id, "is_external": True}
            )
        self.wheat.write({"is_storable": True})
        with self.assertRaisesRegex(ValidationError, "has no stock here"):
            self.env["stock.quant"]._update_available_quantity(
                self.wheat, self.stock_location, 5.0, lot_id=wheat
            )
            self._move_lot(
                wheat,
                5.0,
                self.supplier_location,
                self.stock_location,
                partner=self.mill,
                picking_type=self.in_type,
            )

    # ------------------------------------------------------------------
    # Item Details and recalls see the partner's lot
    # ------------------------------------------------------------------
    def test_item_details_show_the_mill_lot(self):
        self._import(self._mill_document())
        report = self.env["report.lot_traceability.report_lot_item_details"].with_user(
            self.trace_user
        )
        wheat = self._wheat_lot()
        details = report._get_lots_details(self.flour_lot | wheat)
        [receipt] = details[self.flour_lot.id]["origins"]
        self.assertEqual(receipt["kind"], "receipt")
        self.assertEqual(
            [(c["lot"], c["quantity"], c["uom"]) for c in receipt["components"]],
            [(wheat, 1300.0, self.uom_kg)],
        )
        [origin] = details[wheat.id]["origins"]
        self.assertEqual((origin["kind"], origin["partner"]), ("epcis", self.mill))
        html = self.flour_lot.with_user(self.trace_user).item_details_html
        self.assertIn("WHEAT-0412", html)

    def _recall(self, **vals):
        recall = self.env["stock.lot.recall"].create(
            {
                "reason": "Mycotoxin in the mill's wheat",
                "classification": "class_1",
                "responsible_id": self.trace_manager.id,
                **vals,
            }
        )
        recall.action_open()
        return recall

    def test_recall_supplier_side_lists_the_mill_lot(self):
        self._import(self._mill_document())
        recall = self._recall(suspect_lot_ids=[(6, 0, self.cookie_lot.ids)])
        rows = {
            (r.partner_id, r.lot_id.name, r.supplier_lot_name, r.suspect, bool(r.picking_id))
            for r in recall.supplier_receipt_ids
        }
        self.assertEqual(
            rows,
            {
                (self.mill, "FLOUR-1", "W-1187", False, True),
                (self.mill, "WHEAT-0412", "WHEAT-0412", False, False),
            },
        )

    def test_recall_from_the_mill_lot_number_reaches_our_lots(self):
        """The mill recalls its wheat lot: a recall started from that lot number finds the
        external lot, and everything we made from the flour ground from it."""
        self._import(self._mill_document())
        recall = self._recall(
            suspect_mode="supplier_lot", supplier_lot_name="WHEAT-0412", supplier_id=self.mill.id
        )
        self.assertEqual(recall.suspect_lot_ids, self._wheat_lot())
        self.assertLessEqual(self.flour_lot | self.cookie_lot, recall.affected_lot_ids.lot_id)


@tagged("post_install", "-at_install")
class TestEpcisImportDemo(DemoCase):
    def test_demo_cookie_trays_show_the_mill_wheat_lot(self):
        """The mill's EPCIS file of the demo, imported on the December flour receipt: the
        cookie trays (made of the November flour) have the mill's wheat lot upstream."""
        receipt = self._ref("picking_receipt_flour_release_demo")
        self.assertEqual(len(receipt.epcis_import_ids), 1)
        self.assertEqual(receipt.epcis_import_ids.event_count, 4)
        tray = self.env["stock.lot"].search(
            [("product_id", "=", self._ref("product_cookie_tray_demo").id)], limit=1
        )
        trace = self.env["stock.lot.trace"].browse(tray.action_view_upstream_lots()["res_id"])
        names = trace.line_ids.lot_id.mapped("name")
        self.assertIn("WH-2026-0415", names)
        self.assertLess(names.index("FLOUR-2026-1104"), names.index("WH-2026-0415"))
        flour = self._ref("lot_flour_release_demo")
        self.assertIn("WH-2026-1118", flour._get_upstream_lots().mapped("name"))
        # imported again (a reinstall): nothing new
        self.assertFalse(
            self.env["stock.lot.demo"]._load_epcis_document(
                "demo/northfield_mill_epcis.jsonld",
                self._ref("partner_mill_demo").id,
                receipt.id,
            )
        )


@tagged("post_install", "-at_install")
class TestEpcisSupplierRecall(EpcisImportCommon):
    """The mill recalls: its event is about the flour lot it shipped us, or about its wheat lot
    above it. Our received flour lot is put in quarantine, its chatter says why, someone has a
    to-do, the import's result says so; never silently, never twice."""

    def _import(self, document):
        env = self.env(user=self.trace_user)
        return env["stock.lot.epcis.import"]._import_document(
            document, self.mill, picking=self.receipt.with_env(env)
        )

    def _recall_event(self, uri, number=20, **values):
        return dict(
            {
                "type": "ObjectEvent",
                "eventID": f"urn:uuid:2b1e5b52-0b59-4a55-9a3c-0000000000{number}",
                "eventTime": "2026-12-02T08:00:00.000+01:00",
                "eventTimeZoneOffset": "+01:00",
                "action": "OBSERVE",
                "quantityList": [{"epcClass": uri, "quantity": 1}],
                "bizStep": "holding",
                "disposition": "recalled",
            },
            **values,
        )

    def _activities(self, lot):
        return self.env["mail.activity"].search(
            [("res_model", "=", "stock.lot"), ("res_id", "=", lot.id)]
        )

    def test_recall_of_the_lot_we_received(self):
        self.flour.responsible_id = self.trace_manager
        event = self._recall_event(digital_link(FLOUR_GTIN, "W-1187"))
        document = self._import(self._with_event(self._mill_document(), event))
        self.assertEqual(document.supplier_hold_lot_ids, self.flour_lot)
        self.assertEqual(self.flour_lot.trace_status, "quarantine")
        self.assertIn(
            "Supplier recall: Test Mill recalled W-1187", self.flour_lot.trace_status_reason
        )
        self.assertIn(event["eventID"], self.flour_lot.trace_status_reason)
        activity = self._activities(self.flour_lot)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.trace_manager)
        self.assertIn("Supplier recall", activity.summary)
        message = self.flour_lot.message_ids.filtered(lambda m: "EPCIS events" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("recalled", message.body)
        self.assertIn("put in quarantine", message.body)
        action = self.Import._action_import_done(document)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertTrue(action["params"]["sticky"])
        self.assertIn("1 of our received lots held", action["params"]["message"])
        self.assertIn("FLOUR-1", action["params"]["message"])
        # imported again: nothing new, no second to-do or message
        self.assertFalse(self._import(self._with_event(self._mill_document(), event)))
        self.assertEqual(len(self._activities(self.flour_lot)), 1)

    def test_recall_of_the_partner_lot_upstream_holds_ours(self):
        """A later document recalls the mill's wheat lot (external): the flour lot we received,
        made of it, is held; the cookie batch made of the flour is ours to decide (a recall)."""
        self._import(self._mill_document())
        self.assertEqual(self.flour_lot.trace_status, "available")
        event = self._recall_event(
            digital_link(WHEAT_GTIN, "WHEAT-0412"),
            persistentDisposition={"set": ["recalled"]},
            disposition="non_sellable_other",
        )
        document = self._import(self._with_event(self._mill_document(), event))
        self.assertEqual(document.event_count, 1)
        self.assertEqual(document.supplier_hold_lot_ids, self.flour_lot)
        self.assertEqual(self.flour_lot.trace_status, "quarantine")
        self.assertIn("WHEAT-0412", self.flour_lot.trace_status_reason)
        self.assertEqual(self.cookie_lot.trace_status, "available")
        self.assertEqual(len(self._activities(self.flour_lot)), 1)
        self.assertEqual(self._activities(self.flour_lot).user_id, self.trace_user)

    def test_supplier_hold_non_conformant(self):
        event = self._recall_event(digital_link(FLOUR_GTIN, "W-1187"), disposition="non_conformant")
        document = self._import(self._with_event(self._mill_document(), event))
        self.assertEqual(document.supplier_hold_lot_ids, self.flour_lot)
        self.assertIn("Supplier hold", self.flour_lot.trace_status_reason)
        self.assertIn("non_conformant", self.flour_lot.trace_status_reason)

    def test_lot_already_held_stays_as_it_is(self):
        self.flour_lot.write({"trace_status": "blocked", "trace_status_reason": "Lab"})
        event = self._recall_event(digital_link(FLOUR_GTIN, "W-1187"))
        document = self._import(self._with_event(self._mill_document(), event))
        self.assertEqual(document.supplier_hold_lot_ids, self.flour_lot)
        self.assertEqual((self.flour_lot.trace_status, self.flour_lot.trace_status_reason),
                         ("blocked", "Lab"))  # fmt: skip
        message = self.flour_lot.message_ids.filtered(lambda m: "EPCIS events" in (m.body or ""))
        self.assertIn("stays Blocked", message.body)
        self.assertEqual(len(self._activities(self.flour_lot)), 1)

    def test_ordinary_events_hold_nothing(self):
        document = self._import(self._mill_document())
        self.assertFalse(document.supplier_hold_lot_ids)
        self.assertEqual(self.flour_lot.trace_status, "available")
        self.assertFalse(self._activities(self.flour_lot))
        self.assertEqual(self.Import._action_import_done(document)["params"]["type"], "success")

    def test_refused_document_with_a_recall_holds_nothing(self):
        """A recall in a document refused for another event: nothing written, nothing held."""
        document = self._with_event(
            self._mill_document(), self._recall_event(digital_link(FLOUR_GTIN, "W-1187"))
        )
        document = self._with_event(
            document, self._recall_event(digital_link(FLOUR_GTIN, "W-9999"), number=21)
        )
        before = self._counts()
        with self.assertRaisesRegex(UserError, r"event 4 \(.*W-9999 of .* was never received"):
            self._import(document)
        self.assertEqual(self._counts(), before)
        self.assertEqual(self.flour_lot.trace_status, "available")
        self.assertFalse(self._activities(self.flour_lot))
