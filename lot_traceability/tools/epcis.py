# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""GS1 identifiers and EPCIS 2.0 document envelopes: the pure helpers (no ORM) shared by the
EPCIS export (``stock.lot.epcis.export``), the ``/epcis/events`` endpoint and the import.

Identifiers (``db_uuid`` is the exporting database's ``database.uuid``):

- a lot of a product with a GTIN: GS1 Digital Link ``https://id.gs1.org/01/<GTIN-14>/10/<lot>``
  (class level), a serial ``…/01/<GTIN-14>/21/<serial>`` (instance level);
- a product without GTIN: ``urn:lot-traceability:<db_uuid>:product:<id>:lot:<lot>`` (or
  ``:serial:<serial>``), unique because the database uuid is;
- a party or location with a GLN: ``https://id.gs1.org/417/<GLN>`` / ``…/414/<GLN>``, without:
  ``urn:lot-traceability:<db_uuid>:partner:<id>`` (``warehouse``, ``company``);
- an event: ``urn:uuid:`` + uuid5 of the database uuid and its source record, so that a
  re-export gives the same eventIDs.

Values (lots, serials, document names) are percent-encoded as GS1 Digital Link asks: only
``A-Z a-z 0-9 - . _`` stay raw.
"""

import re
import uuid
from datetime import UTC, datetime
from urllib.parse import quote, unquote

EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
LT_PREFIX = "lt"
LT_NAMESPACE = "urn:lot-traceability:ns:"
DIGITAL_LINK_BASE = "https://id.gs1.org"
PRIVATE_SCHEME = "urn:lot-traceability"
MASTER_DATA_EPC_CLASS = "urn:epcglobal:epcis:vtype:EPCClass"

# UN/CEFACT Recommendation 20 codes of Odoo's units (by XML id); the unit category's
# reference unit is used for the others. None: a count of items (EPCIS: no "uom").
UOM_CODES = {
    "uom.product_uom_unit": None,
    "uom.product_uom_dozen": "DZN",
    "uom.product_uom_kgm": "KGM",
    "uom.product_uom_gram": "GRM",
    "uom.product_uom_ton": "TNE",
    "uom.product_uom_lb": "LBR",
    "uom.product_uom_oz": "ONZ",
    "uom.product_uom_litre": "LTR",
    "uom.product_uom_cubic_meter": "MTQ",
    "uom.product_uom_gal": "GLL",
    "uom.product_uom_meter": "MTR",
    "uom.product_uom_cm": "CMT",
}

_DL_RE = re.compile(
    r"^https?://[^/]+(?:/[^?#]*?)?/01/(?P<gtin>\d{14})"
    r"(?:/22/[^/?#]+)?(?:/10/(?P<lot>[^/?#]+))?(?:/21/(?P<serial>[^/?#]+))?/?(?:[?#].*)?$"
)
_DL_PARTY_RE = re.compile(r"^https?://[^/]+(?:/[^?#]*?)?/(?P<ai>414|417)/(?P<gln>\d{13})")
_EPC_CLASS_PREFIX = "urn:epc:class:lgtin:"
_EPC_SGTIN_PREFIX = "urn:epc:id:sgtin:"
_PRIVATE_RE = re.compile(
    r"^urn:lot-traceability:(?P<db>[0-9a-fA-F-]+):(?P<model>product|partner|warehouse|company)"
    r":(?P<id>\d+)(?::(?P<kind>lot|serial):(?P<value>.+))?$"
)


def gs1_check_digit(digits):
    """The GS1 mod-10 check digit of ``digits`` (a GTIN, GLN or SSCC without its last digit)."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(digits[::-1])
    )
    return str((10 - total % 10) % 10)


def is_valid_gln(gln):
    """Whether ``gln`` is 13 digits with a valid GS1 check digit."""
    return bool(gln) and len(gln) == 13 and gln.isdigit() and gs1_check_digit(gln[:-1]) == gln[-1]


def normalize_gtin(barcode):
    """A product barcode holding a GTIN-8/12/13/14 with a valid check digit, as a GTIN-14;
    False for anything else (an internal barcode is not a GTIN)."""
    if not barcode or not barcode.isdigit() or len(barcode) not in (8, 12, 13, 14):
        return False
    if gs1_check_digit(barcode[:-1]) != barcode[-1]:
        return False
    return barcode.zfill(14)


def gs1_escape(value):
    """``value`` percent-encoded for a GS1 Digital Link path (raw: ``A-Z a-z 0-9 - . _``)."""
    return quote(str(value), safe="-._~").replace("~", "%7E")


def document_context():
    """The ``@context`` of the documents we write: GS1's context and our extension prefix."""
    return [EPCIS_CONTEXT_URL, {LT_PREFIX: LT_NAMESPACE}]


def private_id(db_uuid, model_key, res_id, kind=None, value=None):
    """Our private URN of a record of this database (see the module docstring)."""
    urn = f"{PRIVATE_SCHEME}:{db_uuid}:{model_key}:{res_id}"
    if kind:
        urn += f":{kind}:{gs1_escape(value)}"
    return urn


def lot_class_id(db_uuid, gtin, product_id, lot_name):
    """The class-level identifier of a lot (GTIN + lot Digital Link, or our private URN)."""
    if gtin:
        return f"{DIGITAL_LINK_BASE}/01/{gtin}/10/{gs1_escape(lot_name)}"
    return private_id(db_uuid, "product", product_id, "lot", lot_name)


def serial_id(db_uuid, gtin, product_id, serial):
    """The instance-level identifier of a serial number (GTIN + serial, or our private URN)."""
    if gtin:
        return f"{DIGITAL_LINK_BASE}/01/{gtin}/21/{gs1_escape(serial)}"
    return private_id(db_uuid, "product", product_id, "serial", serial)


def party_id(db_uuid, gln, partner_id):
    """A party (owning/possessing): its GLN as a Digital Link (AI 417), else our URN."""
    if gln:
        return f"{DIGITAL_LINK_BASE}/417/{gln}"
    return private_id(db_uuid, "partner", partner_id)


def location_id(db_uuid, gln, model_key, res_id):
    """A physical location: its GLN as a Digital Link (AI 414), else our URN."""
    if gln:
        return f"{DIGITAL_LINK_BASE}/414/{gln}"
    return private_id(db_uuid, model_key, res_id)


def document_id(db_uuid, name):
    """A business transaction (bizTransaction) of this database: its document name."""
    return f"{PRIVATE_SCHEME}:{db_uuid}:doc:{gs1_escape(name)}"


def _gtin_from_epc(gcp, ref):
    """GTIN-14 of an EPC URN's company prefix and item reference (indicator first);
    ValueError when they are not 13 digits."""
    digits = ref[:1] + gcp + ref[1:]
    if len(digits) != 13 or not digits.isdigit():
        raise ValueError("its company prefix and item reference are not 13 digits")
    return digits + gs1_check_digit(digits)


def _parse_epc_urn(result, uri, strict):
    """``parse_identifier``'s answer for an ``urn:epc:class:lgtin`` / ``urn:epc:id:sgtin`` URN;
    when malformed: ValueError (reason in English) if ``strict``, else None."""
    kind = "lot" if uri.startswith(_EPC_CLASS_PREFIX) else "serial"
    parts = uri.split(":", 4)[4].split(".", 2)
    try:
        if len(parts) != 3 or not parts[2]:
            raise ValueError("it is not <company prefix>.<item reference>.<lot or serial>")
        gtin = _gtin_from_epc(parts[0], parts[1])
    except ValueError:
        if strict:
            raise
        return None
    return dict(result, kind=kind, gtin=gtin, **{kind: unquote(parts[2])})


def _parse_digital_link_values(result, values):
    """``parse_identifier``'s answer from a Digital Link reader's ``{"gtin", "lot", "serial"}``."""
    if not values or not values.get("gtin"):
        return None
    lot, serial = values.get("lot") or None, values.get("serial") or None
    kind = "serial" if serial else "lot" if lot else "product"
    return dict(result, kind=kind, gtin=values["gtin"], lot=lot, serial=serial)


def parse_identifier(uri, strict=False, parse_digital_link=None):
    """What ``uri`` identifies, or None when it is not one of the forms we know:
    ``{"kind", "gtin", "lot", "serial", "gln", "db_uuid", "model_key", "res_id"}`` (kind
    ``lot``, ``serial``, ``product``, ``party``, ``location``). Values are percent-decoded.

    ``strict``: an LGTIN/SGTIN URN that is malformed (not ``<GCP>.<item ref>.<value>``, company
    prefix and item reference not 13 digits) raises ValueError (reason in English) instead of
    giving None. ``parse_digital_link(uri)``: a fuller Digital Link reader (e.g. the
    module's GS1 parser: GTIN-13, query-string lots, check digits) returning ``{"gtin", "lot",
    "serial"}`` or None and raising ValueError when malformed; used for ``http(s)`` URIs."""
    result = dict.fromkeys(("gtin", "lot", "serial", "gln", "db_uuid", "model_key", "res_id"))
    uri = (uri or "").strip()
    if uri.startswith((_EPC_CLASS_PREFIX, _EPC_SGTIN_PREFIX)):
        return _parse_epc_urn(result, uri, strict)
    if parse_digital_link and uri.startswith(("http://", "https://")):
        return _parse_digital_link_values(result, parse_digital_link(uri))
    match = _DL_RE.match(uri)
    if match:
        lot, serial = match["lot"], match["serial"]
        kind = "serial" if serial else "lot" if lot else "product"
        return dict(
            result,
            kind=kind,
            gtin=match["gtin"],
            lot=lot and unquote(lot),
            serial=serial and unquote(serial),
        )
    match = _DL_PARTY_RE.match(uri)
    if match:
        return dict(result, kind="party" if match["ai"] == "417" else "location", gln=match["gln"])
    match = _PRIVATE_RE.match(uri)
    if match:
        model_key, kind = match["model"], match["kind"]
        value = match["value"] and unquote(match["value"])
        return dict(
            result,
            kind=kind or ("product" if model_key == "product" else "location"),
            db_uuid=match["db"].lower(),
            model_key=model_key,
            res_id=int(match["id"]),
            lot=value if kind == "lot" else None,
            serial=value if kind == "serial" else None,
        )
    return None


def event_id(db_uuid, source):
    """A stable eventID: the same ``source`` record of the same database gives the same ID."""
    name = f"{PRIVATE_SCHEME}:{db_uuid}:{source}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def format_time(value):
    """An Odoo datetime (naive UTC) as an EPCIS time: ``2026-01-02T03:04:05.000+00:00``."""
    if value.tzinfo:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+00:00"


def _creation_date(creation_date):
    return format_time(creation_date or datetime.now(UTC).replace(tzinfo=None))


def new_document(events, creation_date=None, master_data=None):
    """An EPCISDocument of ``events``; ``master_data``: a vocabularyList for its header."""
    document = {
        "@context": document_context(),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _creation_date(creation_date),
    }
    if master_data:
        document["epcisHeader"] = {"epcisMasterData": {"vocabularyList": master_data}}
    document["epcisBody"] = {"eventList": list(events)}
    return document


def new_query_document(events, query_name="SimpleEventQuery", creation_date=None):
    """An EPCISQueryDocument answering ``query_name`` with ``events``."""
    return {
        "@context": document_context(),
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": _creation_date(creation_date),
        "epcisBody": {
            "queryResults": {"queryName": query_name, "resultsBody": {"eventList": list(events)}}
        },
    }


def uom_code(uom):
    """``(code, factor)`` for a quantity in ``uom``: the UN/CEFACT code (None for a count of
    items) and the factor that converts the quantity into the unit of that code."""
    xmlid = uom.get_external_id().get(uom.id)
    if xmlid in UOM_CODES:
        return UOM_CODES[xmlid], 1.0
    reference = uom.category_id.uom_ids.filtered(lambda unit: unit.uom_type == "reference")[:1]
    ref_xmlid = reference and reference.get_external_id().get(reference.id)
    if reference and ref_xmlid in UOM_CODES:
        return UOM_CODES[ref_xmlid], uom._compute_quantity(1.0, reference, round=False)
    return None, 1.0


# ----------------------------------------------------------------------
# The query interface (/epcis/events)
# ----------------------------------------------------------------------
class QueryParameterError(ValueError):
    """A query parameter EPCIS calls invalid (QueryParameterException): answered with 400."""


def parse_query_time(name, value):
    """The aware datetime of the query parameter ``name`` (ISO 8601, no offset: UTC)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise QueryParameterError(f"{name}: not an ISO 8601 date-time: {value!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def bare_biz_step(value):
    """A business step of a query as its bare CBV term (``shipping``)."""
    value = value.strip()
    for prefix in ("https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def identity(uri):
    """What makes two identifiers of the same lot or serial equal, whatever their form."""
    parsed = parse_identifier(uri)
    if not parsed:
        return ("uri", uri)
    return (parsed["kind"], parsed["gtin"], parsed["db_uuid"], parsed["res_id"],
            parsed["lot"], parsed["serial"])  # fmt: skip
