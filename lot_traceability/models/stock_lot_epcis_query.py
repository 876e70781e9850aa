# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The query behind ``GET /epcis/events``: the events a partner may read
(``stock.lot.event._get_partner_condition``), filtered by the standard query parameters in SQL
on ``stock.lot.event`` (not in Python after reading everything), one page at a time.

Paging follows the EPCIS 2.0 REST binding: ``perPage`` (default 30, or the system parameter
``lot_traceability.epcis_per_page``) events per answer and, when
more follow, a ``nextPageToken`` the client sends back (the controller gives the whole next URL
in a ``Link: <…>; rel="next"`` header). The order is stable and the paging a keyset, not an
OFFSET: an EPCIS event is a *unit* keyed ``(time, document model, id)`` — a receiving,
shipping, hold, recall or release event is ``(its date, '', its id)``, a transformation
``(its last line's date, its document's model, the document's id)`` — and the token carries the
last key of the page, signed with the database secret and bound to the partner and the query:
events recorded meanwhile neither shift nor repeat a page.
"""

import hashlib
import json
from datetime import UTC, datetime

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.misc import hash_sign, verify_hash_signed

from ..tools import epcis
from ..tools.epcis import QueryParameterError
from ..tools.lot_event_resolver import LotEventResolver
from .stock_lot_epcis_export import OBJECT_EVENTS

SUPPORTED = {"MATCH_anyEPC", "MATCH_anyEPCClass", "EQ_bizStep", "GE_eventTime", "LT_eventTime"}
PAGING = {"perPage", "nextPageToken"}
PER_PAGE_DEFAULT = 30  # the REST binding's default; system parameter PER_PAGE_PARAM
PER_PAGE_PARAM = "lot_traceability.epcis_per_page"
PER_PAGE_MAX = 1000
TOKEN_SCOPE = "lot_traceability.epcis_page"
SINGLE_CTES = ("receiving", "shipping", "hold", "recall", "release")
TRANSFORMATION_BIZ_STEP = "commissioning"


class StockLotEpcisQuery(models.AbstractModel):
    _name = "stock.lot.epcis.query"
    _description = "EPCIS Query of a Partner"

    # ------------------------------------------------------------------
    # Query parameters
    # ------------------------------------------------------------------
    @api.model
    def _parse_query(self, params, companies):
        """The filters of the query ``params`` ({name: text}): ``lot_ids`` (the lots
        MATCH_anyEPC / MATCH_anyEPCClass name, None: any), ``kinds`` (the event kinds of
        EQ_bizStep, None: any), ``transformations`` (whether EQ_bizStep lets transformations
        through), ``start`` / ``end`` (naive UTC), ``per_page`` and ``after`` (the key the page
        starts after, from ``nextPageToken``). Raises QueryParameterError."""
        unknown = sorted(set(params) - SUPPORTED - PAGING)
        if unknown:
            raise QueryParameterError(f"unsupported query parameter(s): {', '.join(unknown)}")
        query = {"lot_ids": None, "kinds": None, "transformations": True}
        uris = [
            uri.strip()
            for name in ("MATCH_anyEPC", "MATCH_anyEPCClass")
            for uri in (params.get(name) or "").split(",")
            if uri.strip()
        ]
        if uris:
            query["lot_ids"] = self._get_matching_lot_ids(uris, companies)
        steps = {epcis.bare_biz_step(step) for step in (params.get("EQ_bizStep") or "").split(",")}
        steps.discard("")
        if steps:
            query["kinds"] = sorted(
                kind for kind, (biz_step, *__) in OBJECT_EVENTS.items() if biz_step in steps
            )
            query["transformations"] = TRANSFORMATION_BIZ_STEP in steps
        for name, key in (("GE_eventTime", "start"), ("LT_eventTime", "end")):
            moment = params.get(name) and epcis.parse_query_time(name, params[name])
            query[key] = moment and moment.astimezone(UTC).replace(tzinfo=None)
        query["per_page"] = self._parse_per_page(params.get("perPage"))
        query["after"] = None
        return query

    @api.model
    def _parse_per_page(self, value):
        """The page size asked (``perPage``), else the system parameter's, else 30."""
        if value in (None, ""):
            default = self.env["ir.config_parameter"].sudo().get_param(PER_PAGE_PARAM)
            try:
                return min(max(int(default), 1), PER_PAGE_MAX) if default else PER_PAGE_DEFAULT
            except ValueError:
                return PER_PAGE_DEFAULT
        try:
            per_page = int(value)
        except ValueError as error:
            raise QueryParameterError(f"perPage: not a whole number: {value!r}") from error
        if not 1 <= per_page <= PER_PAGE_MAX:
            raise QueryParameterError(f"perPage: {per_page} is not between 1 and {PER_PAGE_MAX}")
        return per_page

    @api.model
    def _query_signature(self, params, partner):
        """What a page token is bound to: the partner and the query's filters (not perPage:
        a client may change its page size between pages)."""
        filters = sorted((name, params[name]) for name in SUPPORTED if params.get(name))
        text = json.dumps([partner.id, filters])
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @api.model
    def _make_token(self, key, signature):
        moment, model, res_id = key
        values = [moment.isoformat(), model, res_id, signature]
        return hash_sign(self.env(su=True), TOKEN_SCOPE, values)

    @api.model
    def _read_token(self, token, signature):
        """The key a page starts after, from ``token``; QueryParameterError when it was not
        made by this database for this partner and query."""
        try:
            values = verify_hash_signed(self.env(su=True), TOKEN_SCOPE, token)
        except (ValueError, TypeError, UnicodeError):
            values = None
        if (
            not isinstance(values, list)
            or len(values) != 4
            or values[3] != signature
            or not isinstance(values[1], str)
            or not isinstance(values[2], int)
        ):
            raise QueryParameterError(
                "nextPageToken: not a token of this endpoint for this query (send the query "
                "again without it to start from the first page)"
            )
        try:
            moment = datetime.fromisoformat(values[0])
        except (TypeError, ValueError) as error:
            raise QueryParameterError("nextPageToken: not a token of this endpoint") from error
        return (moment, values[1], values[2])

    @api.model
    def _get_matching_lot_ids(self, uris, companies):
        """The ids of the lots whose exported identifier (``LotEventResolver.lot_epc``) is one
        of ``uris``, whatever the form (Digital Link, LGTIN/SGTIN URN, our private URN)."""
        wanted = {epcis.identity(uri) for uri in uris}
        names = set()
        for uri in uris:
            parsed = epcis.parse_identifier(uri)
            if parsed and (parsed["lot"] or parsed["serial"]):
                names.add(parsed["serial"] or parsed["lot"])
        if not names:
            return []
        lots = (
            self.env["stock.lot"]
            .sudo()
            .search([("name", "in", sorted(names)), ("company_id", "in", [*companies.ids, False])])
        )
        resolver = LotEventResolver(self.env)
        return sorted(
            lot.id for lot in lots if epcis.identity(resolver.lot_epc(lot.id)[1]) in wanted
        )

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @api.model
    def _filter_sql(self, query):
        """The condition (alias ``event``) of the lines of the events ``query`` keeps: its
        lots, kinds and time bounds on a single event; a transformation is kept whole (all its
        lines) when one of its lines is of the lots, its time bounds are checked on the group
        (``_units_sql``)."""
        Event = self.env["stock.lot.event"]
        single = [SQL("event.cte = ANY(%s)", list(SINGLE_CTES))]
        transformation = [SQL("event.cte = 'transformation'")]
        if query["lot_ids"] is not None:
            single.append(SQL("event.lot_id = ANY(%s)", query["lot_ids"]))
            transformation.append(
                SQL(
                    """(event.res_model, event.res_id) IN (
                          SELECT other.res_model, other.res_id FROM (%(view)s) other
                           WHERE other.cte = 'transformation' AND other.lot_id = ANY(%(lots)s))""",
                    view=Event._table_query,
                    lots=query["lot_ids"],
                )
            )
        if query["kinds"] is not None:
            single.append(SQL("event.kind = ANY(%s)", query["kinds"]))
        if not query["transformations"]:
            transformation.append(SQL("FALSE"))
        if query["start"]:
            single.append(SQL("event.date >= %s", query["start"]))
        if query["end"]:
            single.append(SQL("event.date < %s", query["end"]))
        return SQL("((%s) OR (%s))", SQL(" AND ").join(single), SQL(" AND ").join(transformation))

    @api.model
    def _units_sql(self, condition, query, limit):
        """The keys ``(time, model, id)`` of the EPCIS events of the lines of ``condition``, in
        key order, after ``query['after']``, at most ``limit``."""
        having = [SQL("TRUE")]
        if query["start"]:
            having.append(SQL("MAX(line.date) >= %s", query["start"]))
        if query["end"]:
            having.append(SQL("MAX(line.date) < %s", query["end"]))
        after = SQL("TRUE")
        if query["after"]:
            after = SQL("(unit.unit_time, unit.unit_model, unit.unit_id) > (%s, %s, %s)",
                        *query["after"])  # fmt: skip
        return SQL(
            """WITH line AS MATERIALIZED (
                   SELECT event.id, event.date, event.cte, event.res_model, event.res_id
                     FROM (%(view)s) event
                    WHERE %(condition)s
               ), unit AS (
                   SELECT line.date AS unit_time, '' AS unit_model, line.id AS unit_id
                     FROM line WHERE line.cte <> 'transformation'
                   UNION ALL
                   SELECT MAX(line.date), line.res_model, line.res_id
                     FROM line WHERE line.cte = 'transformation'
                    GROUP BY line.res_model, line.res_id
                   HAVING %(having)s
               )
               SELECT unit.unit_time, unit.unit_model, unit.unit_id FROM unit
                WHERE %(after)s
                ORDER BY unit.unit_time, unit.unit_model, unit.unit_id
                LIMIT %(limit)s""",
            view=self.env["stock.lot.event"]._table_query,
            condition=condition,
            having=SQL(" AND ").join(having),
            after=after,
            limit=limit,
        )

    @api.model
    def _get_page(self, partner, companies, params):
        """``(events, next_token)``: the EPCIS event dicts of one page of the query ``params``
        for ``partner`` (of ``companies``), in key order, and the token of the next page (None:
        the last page). Raises QueryParameterError."""
        query = self._parse_query(params, companies)
        signature = self._query_signature(params, partner)
        if params.get("nextPageToken"):
            query["after"] = self._read_token(params["nextPageToken"], signature)
        if query["lot_ids"] == []:
            return [], None
        Event = self.env["stock.lot.event"].sudo()
        scope = Event._get_partner_condition(partner, companies)
        condition = SQL("(%s AND %s)", scope, self._filter_sql(query))
        # lines before the page (or GE_eventTime) are not read: a unit whose key time is
        # at or after it has its last line there, and that line gives the same MAX
        floor = max(
            filter(None, [query["start"], query["after"] and query["after"][0]]), default=None
        )
        if floor:
            condition = SQL("(%s AND event.date >= %s)", condition, floor)
        self.env.flush_all()
        self.env.cr.execute(self._units_sql(condition, query, query["per_page"] + 1))
        keys = self.env.cr.fetchall()
        next_token = None
        if len(keys) > query["per_page"]:
            keys = keys[: query["per_page"]]
            next_token = self._make_token(keys[-1], signature)
        return self._get_unit_events(scope, keys), next_token

    @api.model
    def _get_unit_events(self, scope, keys):
        """The EPCIS event dicts of the units ``keys`` (visible through ``scope``), in order."""
        if not keys:
            return []
        singles = [res_id for __, model, res_id in keys if not model]
        documents = [(model, res_id) for __, model, res_id in keys if model]
        parts = [SQL("(event.cte = ANY(%s) AND event.id = ANY(%s))", list(SINGLE_CTES), singles)]
        if documents:
            parts.append(
                SQL(
                    "(event.cte = 'transformation' AND (event.res_model, event.res_id) IN %s)",
                    tuple(documents),
                )
            )
        condition = SQL("(%s AND (%s))", scope, SQL(" OR ").join(parts))
        export = self.env["stock.lot.epcis.export"].sudo()
        resolver = LotEventResolver(self.env)
        by_key = {}
        for groups in self.env["stock.lot.event"].sudo()._iter_groups(condition):
            resolver.prefetch_lots(event["lot_id"] for __, events in groups for event in events)
            for cte, events in groups:
                if cte == "transformation":
                    key = (events[0]["res_model"], events[0]["res_id"])
                    by_key[key] = export._prepare_transformation_event(events, resolver)
                else:
                    by_key["", events[0]["id"]] = export._prepare_object_event(events[0], resolver)
        return [by_key[model, res_id] for __, model, res_id in keys if (model, res_id) in by_key]
