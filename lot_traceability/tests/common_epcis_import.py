# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy

from .common_genealogy import GenealogyCommon

FLOUR_GTIN = "09521234000013"
WHEAT_GTIN = "09521234000020"
SALT_GTIN = "09521234000037"
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


def digital_link(gtin, lot):
    return f"https://id.gs1.org/01/{gtin}/10/{lot}"


class EpcisImportCommon(GenealogyCommon):
    """The mill's chain above ours: the mill grinds its wheat lot WHEAT-0412 into its flour lot
    W-1187 and ships it to us; we receive it as our lot FLOUR-1 (supplier lot W-1187) and bake
    it into the cookie batch COOKIE-1. The mill's EPCIS document (``_mill_document``) says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour.barcode = FLOUR_GTIN
        cls.wheat = cls.env["product.product"].create(
            {"name": "Soft Wheat", "type": "consu", "tracking": "lot", "barcode": WHEAT_GTIN}
        )
        cls.flour_lot = cls.env["stock.lot"].create(
            {"name": "FLOUR-1", "product_id": cls.flour.id, "supplier_lot_name": "W-1187"}
        )
        cls.receipt = cls._move_lot(
            cls.flour_lot,
            100.0,
            cls.supplier_location,
            cls.stock_location,
            partner=cls.mill,
            picking_type=cls.in_type,
        )
        cls.cookie_lot, cls.cookie_mo = cls._produce(
            cls.cookie_batch, "COOKIE-1", 10.0, [(cls.flour_lot, 6.0)]
        )
        cls.Import = cls.env["stock.lot.epcis.import"]

    @classmethod
    def _mill_document(cls, flour_lot="W-1187", wheat_lot="WHEAT-0412", flour_gtin=FLOUR_GTIN):
        return {
            "@context": [EPCIS_CONTEXT],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": "2026-12-01T08:00:00.000Z",
            "epcisBody": {
                "eventList": [
                    {
                        "type": "TransformationEvent",
                        "eventID": "urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000001",
                        "eventTime": "2026-11-28T10:00:00.000+01:00",
                        "eventTimeZoneOffset": "+01:00",
                        "inputQuantityList": [
                            {
                                "epcClass": digital_link(WHEAT_GTIN, wheat_lot),
                                "quantity": 1300,
                                "uom": "KGM",
                            }
                        ],
                        "outputQuantityList": [
                            {
                                "epcClass": digital_link(flour_gtin, flour_lot),
                                "quantity": 1000,
                                "uom": "KGM",
                            }
                        ],
                        "bizStep": "commissioning",
                        "disposition": "active",
                        "ilmd": {"cbvmda:itemExpirationDate": "2027-05-28"},
                    },
                    {
                        "type": "ObjectEvent",
                        "eventID": "urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000002",
                        "eventTime": "2026-11-30T06:00:00.000+01:00",
                        "eventTimeZoneOffset": "+01:00",
                        "action": "OBSERVE",
                        "quantityList": [
                            {
                                "epcClass": "urn:epc:class:lgtin:9521234.000001." + flour_lot,
                                "quantity": 100,
                                "uom": "KGM",
                            }
                        ],
                        "bizStep": "shipping",
                        "disposition": "in_transit",
                    },
                ]
            },
        }

    @classmethod
    def _with_event(cls, document, event):
        document = copy.deepcopy(document)
        document["epcisBody"]["eventList"].append(event)
        return document

    def _counts(self):
        """What an import writes, counted."""
        return (
            self.env["stock.lot.epcis.import"].sudo().search_count([]),
            self.env["stock.lot.epcis.event"].sudo().search_count([]),
            self.env["stock.lot.epcis.link"].sudo().search_count([]),
            self.env["stock.lot"].sudo().search_count([]),
        )
