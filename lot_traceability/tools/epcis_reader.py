# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reading a partner's EPCIS 2.0 JSON-LD document: parse, validate against GS1's JSON schema,
and flatten each event to what the import needs (no database access here).

Errors are raised as :class:`EpcisReadError` carrying the event (1-based index and eventID)
and the field (a JSON path such as ``epcisBody.eventList[1].bizStep``); the importer turns
them into a translated UserError.

Identifiers (LGTIN/SGTIN URNs, GS1 Digital Links) are read by ``tools/epcis.py``'s
``parse_identifier`` (strict), Digital Links through the module's GS1 parser
(``barcode.nomenclature._parse_gs1_traceability``).
"""

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache

from odoo.tools import file_path

SCHEMA_PATH = "lot_traceability/data/epcis/EPCIS-JSON-Schema.json"
DOCUMENT_TYPES = ("EPCISDocument", "EPCISQueryDocument")
# the fields of an event that name objects, with the role of the objects in the event
OBJECT_FIELDS = (
    ("epcList", "object", False),
    ("quantityList", "object", True),
    ("childEPCs", "object", False),
    ("childQuantityList", "object", True),
    ("inputEPCList", "input", False),
    ("inputQuantityList", "input", True),
    ("outputEPCList", "output", False),
    ("outputQuantityList", "output", True),
)
# bare CBV terms are what the import stores; these prefixes say the same thing
CBV_PREFIXES = (
    "https://ref.gs1.org/cbv/BizStep-",
    "https://ref.gs1.org/cbv/Disp-",
    "urn:epcglobal:cbv:bizstep:",
    "urn:epcglobal:cbv:disp:",
)


class EpcisReadError(Exception):
    """A document that cannot be imported: ``reason`` (English, untranslated detail from the
    parser or the schema), ``event`` (1-based index or None: the document itself), ``event_id``
    and ``field`` (JSON path)."""

    def __init__(self, reason, event=None, event_id=None, field=None):
        super().__init__(reason)
        self.reason = reason
        self.event = event
        self.event_id = event_id
        self.field = field


@lru_cache(maxsize=1)
def _validator():
    # imported here: the module is loaded by Odoo before its external dependencies are checked
    from jsonschema import Draft7Validator, FormatChecker

    try:
        path = file_path(SCHEMA_PATH)
    except FileNotFoundError as error:
        # GS1's file, shipped apart from the module's code (data/epcis/README.md)
        raise EpcisReadError(
            f"GS1's EPCIS JSON schema is not installed ({SCHEMA_PATH}): documents cannot be "
            "checked against the standard, so none is imported"
        ) from error
    with open(path, encoding="utf-8") as schema_file:
        schema = json.load(schema_file)
    return Draft7Validator(schema, format_checker=FormatChecker())


def json_path(path):
    """``['epcisBody', 'eventList', 1, 'bizStep']`` -> ``epcisBody.eventList[1].bizStep``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def load_document(data):
    """The document as a dict, from bytes, text or an already parsed dict; refused when it
    is not an EPCIS document."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise EpcisReadError(f"the file is not UTF-8 text ({error})") from error
    if isinstance(data, dict):
        document = data
    else:
        try:
            document = json.loads(data)
        except ValueError as error:
            raise EpcisReadError(f"it is not valid JSON ({error})") from error
    if not isinstance(document, dict) or document.get("type") not in DOCUMENT_TYPES:
        raise EpcisReadError(
            "it is not an EPCIS document (its type must be EPCISDocument or EPCISQueryDocument)",
            field="type",
        )
    return document


def event_list(document):
    """(path of the event list, events) of an EPCISDocument or an EPCISQueryDocument."""
    body = document.get("epcisBody") or {}
    if document.get("type") == "EPCISQueryDocument":
        results = (body.get("queryResults") or {}).get("resultsBody") or {}
        return ["epcisBody", "queryResults", "resultsBody", "eventList"], results.get(
            "eventList"
        ) or []
    return ["epcisBody", "eventList"], body.get("eventList") or []


def validate_document(document):
    """Raise EpcisReadError for the first schema violation (in document order), naming the
    event it is in."""
    validator = _validator()
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.path])
    if not errors:
        return
    from jsonschema.exceptions import best_match

    error = best_match(errors)
    path = list(error.absolute_path)
    list_path, events = event_list(document)
    index = event_id = None
    if path[: len(list_path)] == list_path and len(path) > len(list_path):
        index = path[len(list_path)]
        if isinstance(index, int) and index < len(events) and isinstance(events[index], dict):
            event_id = events[index].get("eventID")
        index = index + 1 if isinstance(index, int) else None
    raise EpcisReadError(error.message, event=index, event_id=event_id, field=json_path(path))


def cbv_term(value):
    """A CBV value as its bare term (``shipping``), whatever form the document used."""
    if not isinstance(value, str):
        return False
    for prefix in CBV_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def event_reference(event):
    """The event's ``eventID``, or (none given) a hash of its content: the same event read
    twice gets the same reference, which keeps the import idempotent."""
    if event.get("eventID"):
        return event["eventID"]
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha-256:" + hashlib.sha256(canonical.encode()).hexdigest()


def event_time(event):
    """The event time as a naive UTC datetime (how Odoo stores datetimes)."""
    moment = datetime.fromisoformat(event["eventTime"].replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def read_events(document):
    """The events of a validated document, flattened: dicts ``index`` (1-based), ``path``,
    ``reference`` (see ``event_reference``), ``event_id``, ``type``, ``time``, ``biz_step``,
    ``disposition``, ``persistent_dispositions`` (the set ones), ``transformation_id``,
    ``ilmd`` and ``objects``: dicts ``field`` (JSON path), ``role`` (object, input, output),
    ``uri``, ``quantity`` and ``uom`` (None for an instance-level identifier)."""
    list_path, events = event_list(document)
    result = []
    for position, event in enumerate(events):
        path = [*list_path, position]
        objects = []
        for name, role, is_quantity in OBJECT_FIELDS:
            for item_index, item in enumerate(event.get(name) or []):
                field = json_path([*path, name, item_index])
                if is_quantity:
                    objects.append(
                        {
                            "field": f"{field}.epcClass",
                            "role": role,
                            "uri": item["epcClass"],
                            "quantity": item.get("quantity"),
                            "uom": item.get("uom"),
                        }
                    )
                else:
                    objects.append(
                        {"field": field, "role": role, "uri": item, "quantity": 1, "uom": None}
                    )
        result.append(
            {
                "index": position + 1,
                "path": json_path(path),
                "reference": event_reference(event),
                "event_id": event.get("eventID") or False,
                "type": event["type"],
                "time": event_time(event),
                "biz_step": cbv_term(event.get("bizStep")),
                "disposition": cbv_term(event.get("disposition")),
                "persistent_dispositions": {
                    cbv_term(term)
                    for term in ((event.get("persistentDisposition") or {}).get("set") or [])
                },
                "transformation_id": event.get("transformationID") or False,
                "ilmd": event.get("ilmd") or {},
                "objects": objects,
            }
        )
    return result
