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
- ``GE_eventTime`` / ``LT_eventTime``: ISO 8601 date-times (with offset; none means UTC);
- paging (EPCIS 2.0 REST binding): ``perPage`` (default 30, at most 1000) and
  ``nextPageToken``; when more events follow, the answer has a ``Link: <next page URL>;
  rel="next"`` header. The filters and the paging run in SQL (``stock.lot.epcis.query``).

Errors are RFC 7807 problem documents: 400 QueryParameterException (a bad parameter or page
token), 401 (no or a bad API key), 403 (the partner has no EPCIS access).
"""

import base64
import binascii
import json
import logging
from urllib.parse import urlencode

from odoo import http
from odoo.http import request

from ..tools import epcis

_logger = logging.getLogger(__name__)

API_KEY_SCOPE = "lot_traceability.epcis"


def _json_response(payload, status):
    return request.make_response(
        json.dumps(payload, ensure_ascii=False),
        headers=[
            ("Content-Type", "application/ld+json; charset=utf-8"),
            ("Cache-Control", "no-store"),
        ],
        status=status,
    )


def _problem(exception, title, status):
    """An RFC 7807 problem document, as the EPCIS 2.0 REST binding answers errors."""
    return _json_response(
        {"type": f"epcisException:{exception}", "title": title, "status": status}, status
    )


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
            response = _problem("SecurityException", "Unauthorized: no valid API key", 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="epcis"'
            return response
        request.update_env(user=uid)
        env = request.env
        partner = env.user.partner_id.commercial_partner_id
        if not partner.sudo().epcis_access:
            return _problem(
                "SecurityException",
                env._("%(partner)s has no EPCIS partner access.", partner=partner.display_name),
                403,
            )
        try:
            events, next_token = (
                env["stock.lot.epcis.query"].sudo()._get_page(partner, env.user.company_ids, params)
            )
        except epcis.QueryParameterError as error:
            return _problem("QueryParameterException", str(error), 400)
        response = _json_response(epcis.new_query_document(events), 200)
        if next_token:
            query = dict(params, nextPageToken=next_token)
            url = f"{request.httprequest.base_url}?{urlencode(query)}"
            response.headers["Link"] = f'<{url}>; rel="next"'
        return response

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
