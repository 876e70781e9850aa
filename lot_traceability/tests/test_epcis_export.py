# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
import json

from ..tools import epcis
from .common_supply_chain import SupplyChainCommon, epcis_validator


class TestEpcisExport(SupplyChainCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Export = cls.env["stock.lot.epcis.export"]
        cls.Fsma = cls.env["stock.lot.fsma.export"]
        cls.validator = epcis_validator()

    def _document(self, lots):
        document = self.Export._get_epcis_document(self.Fsma._lots_condition(lots))
        self.assertValid(document)
        return document

    def assertValid(self, document):
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in self.validator.iter_errors(json.loads(json.dumps(document)))
        ]
        self.assertFalse(errors, "\n".join(errors))

    def _events(self, document, **match):
        return [
            event
            for event in document["epcisBody"]["eventList"]
            if all(event.get(key) == value for key, value in match.items())
        ]

    def test_schema_checks_for_real(self):
        """The validator rejects what GS1's schema rejects (so that a pass means something)."""
        document = self._document(self.tray_1)
        broken = copy.deepcopy(document)
        del broken["epcisBody"]["eventList"][0]["eventTimeZoneOffset"]
        self.assertTrue(list(self.validator.iter_errors(broken)))
        broken = copy.deepcopy(document)
        broken["epcisBody"]["eventList"][0]["bizStep"] = "shiping"
        self.assertTrue(list(self.validator.iter_errors(broken)))
        # formats are checked too (rfc3339-validator, rfc3986-validator)
        broken = copy.deepcopy(document)
        broken["epcisBody"]["eventList"][0]["eventTime"] = "yesterday"
        self.assertTrue(list(self.validator.iter_errors(broken)))
        broken = copy.deepcopy(document)
        broken["epcisBody"]["eventList"][0]["eventID"] = "not a uri"
        self.assertTrue(list(self.validator.iter_errors(broken)))

    def test_lot_chain_document(self):
        """The flour lot's chain: receiving, the bake and the split, the trays' deliveries and
        the grocer's return, the hold and the recall — every document valid."""
        document = self._document(self.flour_bad)
        self.assertEqual(document["@context"][0], epcis.EPCIS_CONTEXT_URL)
        self.assertEqual(document["schemaVersion"], "2.0")
        flour_class = f"https://id.gs1.org/01/{self.FLOUR_GTIN}/10/FLOUR-BAD"
        (receiving,) = self._events(document, bizStep="receiving", disposition="in_progress")
        self.assertEqual(receiving["type"], "ObjectEvent")
        self.assertEqual(receiving["action"], "OBSERVE")
        self.assertEqual(
            receiving["quantityList"], [{"epcClass": flour_class, "quantity": 100.0, "uom": "KGM"}]
        )
        self.assertEqual(
            receiving["bizLocation"]["id"], f"https://id.gs1.org/414/{self.WAREHOUSE_GLN}"
        )
        self.assertIn(
            {"type": "owning_party", "source": f"https://id.gs1.org/417/{self.MILL_GLN}"},
            receiving["sourceList"],
        )
        self.assertIn(
            {"type": "owning_party", "destination": f"https://id.gs1.org/417/{self.COMPANY_GLN}"},
            receiving["destinationList"],
        )
        self.assertEqual(receiving["lt:supplierLot"], "MILL-W-0711")
        self.assertEqual(receiving["bizTransactionList"][0]["type"], "recadv")

        shipping = self._events(document, bizStep="shipping")
        self.assertEqual(len(shipping), 3)
        bistro_party = {
            "type": "owning_party",
            "destination": f"https://id.gs1.org/417/{self.BISTRO_GLN}",
        }
        to_bistro = [event for event in shipping if bistro_party in event["destinationList"]]
        self.assertEqual(len(to_bistro), 2)  # main address and kitchen door: one customer
        bistro = next(
            event for event in to_bistro
            if {"type": "location", "destination": f"https://id.gs1.org/414/{self.BISTRO_GLN}"}
            in event["destinationList"]
        )  # fmt: skip
        kitchen = next(event for event in to_bistro if event is not bistro)
        self.assertIn(
            {"type": "location", "destination":
             f"urn:lot-traceability:{self.db_uuid}:partner:{self.bistro_kitchen.id}"},
            kitchen["destinationList"],
        )  # fmt: skip
        self.assertEqual(bistro["disposition"], "in_transit")
        self.assertNotIn("bizLocation", bistro)
        self.assertEqual(
            bistro["quantityList"],
            [
                {
                    "epcClass": f"https://id.gs1.org/01/{self.TRAY_GTIN}/10/COOKIES-1-001",
                    "quantity": 12.0,
                }
            ],
        )
        self.assertEqual(
            len(self._events(document, bizStep="receiving", disposition="returned")), 1
        )

        (recall,) = self._events(document, disposition="recalled")
        self.assertEqual(recall["bizStep"], "holding")
        self.assertEqual(recall["persistentDisposition"], {"set": ["recalled"]})
        (hold,) = self._events(document, disposition="non_sellable_other")
        self.assertEqual(hold["quantityList"], [{"epcClass": flour_class}])

    def test_transformation_events(self):
        """One TransformationEvent per document: the bake (flour and butter in, the batch
        out, with its lot master data) and the split (the batch in, four trays out)."""
        self.batch.expiration_date = "2030-01-31 10:00:00"
        self.batch.production_date = "2029-12-01"
        document = self._document(self.tray_1)
        transformations = self._events(document, type="TransformationEvent")
        self.assertEqual(len(transformations), 2)
        bake = next(event for event in transformations if "ilmd" in event)
        butter_class = epcis.lot_class_id(self.db_uuid, False, self.butter.id, "BUTTER-1")
        self.assertEqual(
            butter_class,
            f"urn:lot-traceability:{self.db_uuid}:product:{self.butter.id}:lot:BUTTER-1",
        )
        self.assertCountEqual(
            bake["inputQuantityList"],
            [
                {
                    "epcClass": f"https://id.gs1.org/01/{self.FLOUR_GTIN}/10/FLOUR-BAD",
                    "quantity": 40.0,
                    "uom": "KGM",
                },
                {"epcClass": butter_class, "quantity": 10.0, "uom": "KGM"},
            ],
        )  # fmt: skip
        self.assertEqual(len(bake["outputQuantityList"]), 1)
        self.assertEqual(bake["ilmd"]["cbvmda:lotNumber"], "COOKIES-1")
        self.assertEqual(bake["ilmd"]["cbvmda:itemExpirationDate"][:7], "2030-01")
        self.assertEqual(bake["ilmd"]["lt:productionDate"], "2029-12-01")
        self.assertEqual(bake["bizStep"], "commissioning")
        self.assertEqual(bake["bizTransactionList"][0]["type"], "prodorder")
        split = next(event for event in transformations if "ilmd" not in event)
        self.assertEqual(len(split["outputQuantityList"]), 4)
        master = document["epcisHeader"]["epcisMasterData"]["vocabularyList"][0]
        self.assertIn(butter_class, [element["id"] for element in master["vocabularyElementList"]])

    def test_serials_are_instances(self):
        """A serial is an instance-level identifier (Digital Link /21/) in an EPC list."""
        self.product_serial.barcode = self.TRAY_GTIN[:-1] + "7"  # another valid GTIN
        self.product_serial.barcode = "09521234000037"
        serial = self.env["stock.lot"].create(
            {"name": "SN/001", "product_id": self.product_serial.id}
        )
        self._move_lot(serial, 1, self.supplier_location, self.stock_location, self.mill,
                       picking_type=self.in_type)  # fmt: skip
        document = self._document(serial)
        (event,) = document["epcisBody"]["eventList"]
        self.assertEqual(event["epcList"], ["https://id.gs1.org/01/09521234000037/21/SN%2F001"])
        self.assertNotIn("quantityList", event)

    def test_stable_event_ids(self):
        """Exporting again gives the same eventIDs; every eventID is unique."""
        first = [
            event["eventID"] for event in self._document(self.flour_bad)["epcisBody"]["eventList"]
        ]
        second = [
            event["eventID"] for event in self._document(self.flour_bad)["epcisBody"]["eventList"]
        ]
        self.assertEqual(first, second)
        self.assertEqual(len(set(first)), len(first))
        self.assertTrue(all(event_id.startswith("urn:uuid:") for event_id in first))

    def test_query_document_and_download(self):
        condition = self.Fsma._lots_condition(self.tray_2)
        query = self.Export._get_epcis_query_document(condition)
        self.assertValid(query)
        self.assertEqual(query["type"], "EPCISQueryDocument")
        action = self.tray_2.with_user(self.trace_user).action_export_epcis()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertValid(json.loads(attachment.raw))
        recall = self._create_recall()
        action = recall.action_export_epcis()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertValid(json.loads(attachment.raw))
        wizard = self.env["stock.lot.fsma.wizard"].create(
            {"product_ids": [(6, 0, self.flour.ids)], "file_format": "epcis"}
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertValid(json.loads(attachment.raw))

    def test_identifiers(self):
        """The identifier helpers: GS1 escaping, EPC URNs understood, private URNs round-trip."""
        self.assertEqual(
            epcis.lot_class_id("x", "09521234543213", 1, "L24/07-A"),
            "https://id.gs1.org/01/09521234543213/10/L24%2F07-A",
        )
        parsed = epcis.parse_identifier("urn:epc:class:lgtin:9521234.054321.L24%2F07-A")
        self.assertEqual((parsed["gtin"], parsed["lot"]), ("09521234543213", "L24/07-A"))
        private = epcis.lot_class_id(self.db_uuid, False, 7, "A&B 1")
        parsed = epcis.parse_identifier(private)
        self.assertEqual(
            (parsed["kind"], parsed["db_uuid"], parsed["res_id"], parsed["lot"]),
            ("lot", self.db_uuid, 7, "A&B 1"),
        )
        self.assertEqual(
            epcis.parse_identifier("https://id.gs1.org/417/9521111000006")["kind"], "party"
        )
        self.assertIsNone(epcis.parse_identifier("not an identifier"))
        self.assertFalse(epcis.normalize_gtin("12345"))
        self.assertFalse(epcis.normalize_gtin("09521234543214"))  # bad check digit

    def test_identifiers_strict(self):
        """Strict reading (the import's): SGTIN/LGTIN URNs give the GTIN with its check digit,
        a malformed one raises ValueError naming what is wrong (lenient: None);
        Digital Links go to the reader given."""
        parsed = epcis.parse_identifier("urn:epc:id:sgtin:9521234.054321.S%2F1", strict=True)
        self.assertEqual(
            (parsed["kind"], parsed["gtin"], parsed["serial"], parsed["lot"]),
            ("serial", "09521234543213", "S/1", None),
        )
        with self.assertRaisesRegex(ValueError, "not 13 digits"):
            epcis.parse_identifier("urn:epc:class:lgtin:9521234.01.W-1187", strict=True)
        with self.assertRaisesRegex(ValueError, "<company prefix>.<item reference>"):
            epcis.parse_identifier("urn:epc:class:lgtin:9521234.054321", strict=True)
        self.assertIsNone(epcis.parse_identifier("urn:epc:class:lgtin:9521234.01.W-1187"))
        self.assertIsNone(epcis.parse_identifier("urn:epc:id:sscc:9521234.0123456789", strict=True))

        def reader(uri):
            if "bad" in uri:
                raise ValueError("bad check digit")
            return {"gtin": "09521234543213", "lot": "L1", "serial": False}

        parsed = epcis.parse_identifier(
            "https://example.com/01/9521234543213?10=L1", strict=True, parse_digital_link=reader
        )
        self.assertEqual(
            (parsed["kind"], parsed["gtin"], parsed["lot"]), ("lot", "09521234543213", "L1")
        )
        with self.assertRaisesRegex(ValueError, "bad check digit"):
            epcis.parse_identifier("https://x/01/bad", strict=True, parse_digital_link=reader)
