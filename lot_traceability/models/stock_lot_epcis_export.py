# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EPCIS 2.0 (JSON-LD) documents of lot events (``stock.lot.event``).

Event per event kind (CBV 2.0 bare terms):

============================  ===================  ==============  ==================
our event                     type                 bizStep         disposition
============================  ===================  ==============  ==================
vendor receipt                ObjectEvent OBSERVE  receiving       in_progress
customer return               ObjectEvent OBSERVE  receiving       returned
customer delivery             ObjectEvent OBSERVE  shipping        in_transit
return to supplier            ObjectEvent OBSERVE  shipping        returned
MO, build, split, merge,      TransformationEvent  commissioning   active
unbuild (one per document)
lot on hold                   ObjectEvent OBSERVE  holding         non_sellable_other
lot recalled                  ObjectEvent OBSERVE  holding         recalled
lot released                  ObjectEvent OBSERVE  storing         available
============================  ===================  ==============  ==================

Lots are class-level identifiers in quantity lists, serials instance-level in EPC lists
(``tools/epcis.py``). eventIDs are uuid5 of the database uuid and the source record (move line,
document, chatter tracking value): a re-export gives the same IDs.
"""

import json

from odoo import api, models

from ..tools import epcis
from ..tools.lot_event_resolver import LotEventResolver

OBJECT_EVENTS = {
    # kind: (bizStep, disposition, bizTransaction type)
    "receipt": ("receiving", "in_progress", "recadv"),
    "customer_return": ("receiving", "returned", "rma"),
    "delivery": ("shipping", "in_transit", "desadv"),
    "vendor_return": ("shipping", "returned", "rma"),
    "hold": ("holding", "non_sellable_other", None),
    "recall": ("holding", "recalled", None),
    "release": ("storing", "available", None),
}
ZERO_OFFSET = "+00:00"


class StockLotEpcisExport(models.AbstractModel):
    _name = "stock.lot.epcis.export"
    _description = "EPCIS 2.0 Export of Lot Events"

    # ------------------------------------------------------------------
    # Identifiers and quantities
    # ------------------------------------------------------------------
    @api.model
    def _put_objects(self, event_dict, list_key, epc_list_key, lot_id, quantity, uom_id, resolver):
        """Add a lot to a quantity list (class level) or a serial to an EPC list."""
        epc_kind, epc = resolver.lot_epc(lot_id)
        if epc_kind == "instance":
            event_dict.setdefault(epc_list_key, [])
            if epc not in event_dict[epc_list_key]:
                event_dict[epc_list_key].append(epc)
            return
        element = {"epcClass": epc}
        if quantity is not None:
            uom = resolver.uom(uom_id)
            element["quantity"] = round(quantity * uom["factor"], 6)
            if uom["code"]:
                element["uom"] = uom["code"]
        event_dict.setdefault(list_key, []).append(element)

    @api.model
    def _ilmd(self, lot_id, resolver):
        lot = resolver.lot(lot_id)
        ilmd = {"cbvmda:lotNumber": lot["name"]}
        if lot["expiration_date"]:
            ilmd["cbvmda:itemExpirationDate"] = resolver.local_date(
                lot["expiration_date"]
            ).isoformat()
        if lot["use_date"]:
            ilmd["cbvmda:bestBeforeDate"] = resolver.local_date(lot["use_date"]).isoformat()
        if lot["production_date"]:
            ilmd[f"{epcis.LT_PREFIX}:productionDate"] = lot["production_date"].isoformat()
        return ilmd

    @api.model
    def _parties(self, key, party, location):
        return [
            {"type": "owning_party", key: party["party_id"]},
            {"type": "possessing_party", key: party["party_id"]},
            {"type": "location", key: location["epcis_id"]},
        ]

    # ------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------
    @api.model
    def _prepare_object_event(self, event, resolver):
        """The ObjectEvent of a receiving, shipping, hold, recall or release event."""
        kind = event["kind"]
        biz_step, disposition, transaction_type = OBJECT_EVENTS[kind]
        if event["move_line_id"]:
            source = f"stock.move.line:{event['move_line_id']}"
        else:
            source = f"mail.tracking.value:{(event['id'] - 1) // 2}"
        result = {
            "type": "ObjectEvent",
            "eventTime": epcis.format_time(event["date"]),
            "eventTimeZoneOffset": ZERO_OFFSET,
            "eventID": epcis.event_id(resolver.db_uuid, source),
        }
        quantity = event["quantity"] if event["move_line_id"] else None
        self._put_objects(
            result, "quantityList", "epcList", event["lot_id"], quantity, event["uom_id"], resolver
        )
        result["action"] = "OBSERVE"
        result["bizStep"] = biz_step
        result["disposition"] = disposition
        if kind == "recall":
            result["persistentDisposition"] = {"set": ["recalled"]}
        elif kind == "release":
            result["persistentDisposition"] = {"unset": ["recalled", "non_sellable_other"]}
        lot = resolver.lot(event["lot_id"])
        ours = resolver.warehouse(event["warehouse_id"], event["company_id"] or lot["company_id"])
        result["readPoint"] = {"id": ours["epcis_id"]}
        if kind not in ("delivery", "vendor_return"):
            result["bizLocation"] = {"id": ours["epcis_id"]}
        if transaction_type:
            __, number = resolver.document(event)
            transactions = [
                {
                    "type": transaction_type,
                    "bizTransaction": epcis.document_id(resolver.db_uuid, number),
                }
            ]
            if kind == "receipt" and event["origin"]:
                transactions.append(
                    {
                        "type": "po",
                        "bizTransaction": epcis.document_id(resolver.db_uuid, event["origin"]),
                    }
                )
            result["bizTransactionList"] = transactions
        if event["partner_id"] and kind in ("receipt", "customer_return"):
            partner = resolver.partner(event["partner_id"])
            result["sourceList"] = self._parties("source", partner, partner)
            result["destinationList"] = self._parties("destination", ours, ours)
        elif event["partner_id"] and kind in ("delivery", "vendor_return"):
            partner = resolver.partner(event["partner_id"])
            result["sourceList"] = self._parties("source", ours, ours)
            result["destinationList"] = self._parties("destination", partner, partner)
        if kind == "receipt" and lot["supplier_lot_name"]:
            result[f"{epcis.LT_PREFIX}:supplierLot"] = lot["supplier_lot_name"]
        if event["trace_status"]:
            result[f"{epcis.LT_PREFIX}:lotStatus"] = event["trace_status"]
        return result

    @api.model
    def _prepare_transformation_event(self, events, resolver):
        """The TransformationEvent of one document's lines (inputs consumed, outputs made)."""
        last = max(events, key=lambda event: event["date"])
        source = f"{last['res_model']}:{last['res_id']}"
        result = {
            "type": "TransformationEvent",
            "eventTime": epcis.format_time(last["date"]),
            "eventTimeZoneOffset": ZERO_OFFSET,
            "eventID": epcis.event_id(resolver.db_uuid, source),
        }
        output_lots = []
        for event in sorted(events, key=lambda event: event["id"]):
            if event["kind"] == "consumption":
                keys = ("inputQuantityList", "inputEPCList")
            else:
                keys = ("outputQuantityList", "outputEPCList")
                if event["lot_id"] not in output_lots:
                    output_lots.append(event["lot_id"])
            self._put_objects(
                result, *keys, event["lot_id"], event["quantity"], event["uom_id"], resolver
            )
        place = resolver.warehouse(
            next((e["warehouse_id"] for e in events if e["warehouse_id"]), None),
            last["company_id"],
        )
        result["bizStep"] = "commissioning"
        result["disposition"] = "active"
        result["readPoint"] = {"id": place["epcis_id"]}
        result["bizLocation"] = {"id": place["epcis_id"]}
        if last["res_model"] in ("mrp.production", "mrp.unbuild"):
            __, number = resolver.document(last)
            result["bizTransactionList"] = [
                {"type": "prodorder", "bizTransaction": epcis.document_id(resolver.db_uuid, number)}
            ]
        if len(output_lots) == 1:
            result["ilmd"] = self._ilmd(output_lots[0], resolver)
        return result

    @api.model
    def _iter_epcis_events(self, condition, resolver):
        """Yield the EPCIS event dicts of the events of ``condition``."""
        for groups in self.env["stock.lot.event"]._iter_groups(condition):
            resolver.prefetch_lots(event["lot_id"] for __, events in groups for event in events)
            for cte, events in groups:
                if cte == "transformation":
                    yield self._prepare_transformation_event(events, resolver)
                else:
                    yield self._prepare_object_event(events[0], resolver)

    @api.model
    def _get_epcis_events(self, condition, resolver=None):
        """The EPCIS events of ``condition`` in event time order (ties: eventID)."""
        resolver = resolver or LotEventResolver(self.env)
        events = list(self._iter_epcis_events(condition, resolver))
        events.sort(key=lambda event: (event["eventTime"], event["eventID"]))
        return events

    @api.model
    def _get_master_data(self, events, resolver):
        """EPCClass master data (product name, lot number) of the lot classes of ``events``."""
        names = {}
        for lot_id, lot in resolver._lots.items():
            epc_kind, epc = resolver.lot_epc(lot_id)
            names[epc] = (resolver.product(lot["product_id"])["name"], lot["name"], epc_kind)
        used = []
        for event in events:
            for key in ("quantityList", "inputQuantityList", "outputQuantityList"):
                for element in event.get(key, ()):
                    if element["epcClass"] not in used:
                        used.append(element["epcClass"])
        elements = [
            {
                "id": epc,
                "attributes": [
                    {"id": "cbvmda:descriptionShort", "attribute": names[epc][0]},
                    {"id": "cbvmda:lotNumber", "attribute": names[epc][1]},
                ],
            }
            for epc in used
            if epc in names
        ]
        if not elements:
            return None
        return [{"type": epcis.MASTER_DATA_EPC_CLASS, "vocabularyElementList": elements}]

    @api.model
    def _get_epcis_document(self, condition):
        """An EPCISDocument of the events of ``condition``, with their lots' master data."""
        resolver = LotEventResolver(self.env)
        events = self._get_epcis_events(condition, resolver)
        return epcis.new_document(events, master_data=self._get_master_data(events, resolver))

    @api.model
    def _get_epcis_query_document(self, condition, query_name="SimpleEventQuery"):
        """An EPCISQueryDocument answering a query with the events of ``condition``."""
        return epcis.new_query_document(self._get_epcis_events(condition), query_name)

    @api.model
    def _action_download(self, condition, name, record):
        """The EPCIS document as a JSON-LD attachment of ``record``, downloaded."""
        document = self._get_epcis_document(condition)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.jsonld",
                "raw": json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"),
                "mimetype": "application/ld+json",
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
