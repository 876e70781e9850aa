# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EPCIS 2.0 query endpoint for partners: ``GET /epcis/events``.

Authenticated with an Odoo API key (``Authorization: Bearer <key>``, or HTTP Basic with the
user's login and the key as password) of a user whose contact's company has *EPCIS Partner
Access*. The answer is an EPCISQueryDocument of the events that partner may read
(``stock.lot.event._get_partner_condition``), filtered by the standard query parameters:

- ``MATCH_anyEPC`` / ``MATCH_anyEPCClass``: comma-separated identifiers (GS1 Digital Link,
  ``urn:epc:id:sgtin``/``urn:epc:class:lgtin`` or our private URNs) — events naming one of them
  in an EPC or quantity list;
- ``EQ_bizStep``: comma-separated business steps (bare CBV terms or their URIs);
- ``GE_eventTime`` / ``LT_eventTime``: ISO 8601 date-times (with offset; none means UTC).
"""

import base64
import binascii
import json
import logging
from datetime import UTC, datetime

from odoo import http
from odoo.http import request

from ..tools import epcis

_logger = logging.getLogger(__name__)

API_KEY_SCOPE = "lot_traceability.epcis"
EPC_KEYS = ("epcList", "inputEPCList", "outputEPCList")
QUANTITY_KEYS = ("quantityList", "inputQuantityList", "outputQuantityList")
SUPPORTED = {"MATCH_anyEPC", "MATCH_anyEPCClass", "EQ_bizStep", "GE_eventTime", "LT_eventTime"}


class QueryParameterError(ValueError):
    """A query parameter EPCIS calls invalid (QueryParameterException): answered with 400."""


def _json_response(payload, status):
    return request.make_response(
        json.dumps(payload, ensure_ascii=False),
        headers=[
            ("Content-Type", "application/ld+json; charset=utf-8"),
            ("Cache-Control", "no-store"),
        ],
        status=status,
    )


def _parse_time(name, value):
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise QueryParameterError(f"{name}: not an ISO 8601 date-time: {value!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _bare_biz_step(value):
    value = value.strip()
    for prefix in ("https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _identity(uri):
    """What makes two identifiers of the same lot or serial equal, whatever their form."""
    parsed = epcis.parse_identifier(uri)
    if not parsed:
        return ("uri", uri)
    return (parsed["kind"], parsed["gtin"], parsed["db_uuid"], parsed["res_id"],
            parsed["lot"], parsed["serial"])  # fmt: skip


class EpcisQueryController(http.Controller):
    @http.route(
        "/epcis/events",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def epcis_events(self, **params):
        uid = self._authenticate()
        if not uid:
            response = _json_response({"type": "SecurityException", "title": "Unauthorized"}, 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="epcis"'
            return response
        request.update_env(user=uid)
        env = request.env
        partner = env.user.partner_id.commercial_partner_id
        if not partner.sudo().epcis_access:
            return _json_response(
                {
                    "type": "SecurityException",
                    "title": env._(
                        "%(partner)s has no EPCIS partner access.", partner=partner.display_name
                    ),
                },
                403,
            )
        try:
            filters = self._parse_filters(params)
        except QueryParameterError as error:
            return _json_response({"type": "QueryParameterException", "title": str(error)}, 400)
        Event = env["stock.lot.event"].sudo()
        condition = Event._get_partner_condition(partner, env.user.company_ids)
        export = env["stock.lot.epcis.export"].sudo()
        events = [event for event in export._get_epcis_events(condition) if filters(event)]
        return _json_response(epcis.new_query_document(events), 200)

    def _authenticate(self):
        """The id of the user whose API key the request carries, or None."""
        header = request.httprequest.headers.get("Authorization", "")
        scheme, __, credentials = header.partition(" ")
        login, key = None, None
        if scheme.lower() == "bearer":
            key = credentials.strip()
        elif scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return None
            login, __, key = decoded.partition(":")
        if not key:
            return None
        env = request.env(su=True)
        uid = env["res.users.apikeys"]._check_credentials(scope=API_KEY_SCOPE, key=key)
        if not uid:
            _logger.info("EPCIS query refused: invalid API key")
            return None
        if login is not None and env["res.users"].browse(uid).login != login:
            return None
        return uid

    def _parse_filters(self, params):
        """A predicate on EPCIS event dicts from the query parameters."""
        unknown = sorted(set(params) - SUPPORTED)
        if unknown:
            raise QueryParameterError(f"unsupported query parameter(s): {', '.join(unknown)}")
        wanted_epcs = set()
        for name in ("MATCH_anyEPC", "MATCH_anyEPCClass"):
            for uri in filter(None, (params.get(name) or "").split(",")):
                wanted_epcs.add(_identity(uri.strip()))
        steps = {_bare_biz_step(step) for step in (params.get("EQ_bizStep") or "").split(",")}
        steps.discard("")
        start = params.get("GE_eventTime") and _parse_time("GE_eventTime", params["GE_eventTime"])
        end = params.get("LT_eventTime") and _parse_time("LT_eventTime", params["LT_eventTime"])

        def matches(event):
            if steps and event.get("bizStep") not in steps:
                return False
            moment = datetime.fromisoformat(event["eventTime"])
            if (start and moment < start) or (end and moment >= end):
                return False
            if wanted_epcs:
                named = {_identity(epc) for key in EPC_KEYS for epc in event.get(key, ())}
                named |= {
                    _identity(element["epcClass"])
                    for key in QUANTITY_KEYS
                    for element in event.get(key, ())
                }
                if not named & wanted_epcs:
                    return False
            return True

        return matches
