# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_epcis_import import FLOUR_GTIN, WHEAT_GTIN, EpcisImportCommon, digital_link

GET = "odoo.addons.lot_traceability.tools.epcis_client.requests.get"


class FakeResponse:
    """What requests.get answers, as far as the client reads it."""

    def __init__(
        self, status_code=200, body=None, text=None, content_type="application/ld+json", link=None
    ):
        self.status_code = status_code
        self.reason = {200: "OK", 401: "Unauthorized", 500: "Internal Server Error"}.get(
            status_code, ""
        )
        self.text = text if text is not None else json.dumps(body)
        self.content = self.text.encode()
        self.headers = {"Content-Type": content_type}
        if link:
            self.headers["Link"] = f'<{link}>; rel="next"'

    def json(self):
        return json.loads(self.text)


@tagged("post_install", "-at_install")
class TestEpcisFetch(EpcisImportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mill.write(
            {"epcis_endpoint_url": "https://mill.example.com/epcis/", "epcis_api_key": "s3cret"}
        )

    def _query_document(self):
        events = self._mill_document()["epcisBody"]["eventList"]
        return {
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISQueryDocument",
            "schemaVersion": "2.0",
            "creationDate": "2026-12-01T08:00:00.000Z",
            "epcisBody": {
                "queryResults": {
                    "queryName": "SimpleEventQuery",
                    "resultsBody": {"eventList": events},
                }
            },
        }

    def _fetch(self, answer):
        receipt = self.receipt.with_user(self.trace_user)
        side_effect = answer if isinstance(answer, Exception | list) else None
        with patch(GET, return_value=answer, side_effect=side_effect) as get:
            action = receipt.action_epcis_fetch()
        return action, get

    def test_fetch_from_supplier_imports_the_answer(self):
        action, get = self._fetch(FakeResponse(body=self._query_document()))
        self.assertEqual(action["params"]["type"], "success")
        url = get.call_args.args[0]
        kwargs = get.call_args.kwargs
        self.assertEqual(url, "https://mill.example.com/epcis/events")
        self.assertEqual(
            kwargs["params"], {"MATCH_anyEPC": f"https://id.gs1.org/01/{FLOUR_GTIN}/10/W-1187"}
        )
        self.assertEqual(kwargs["headers"]["Authorization"], "Bearer s3cret")
        self.assertTrue(kwargs["timeout"])
        document = self.receipt.epcis_import_ids
        self.assertEqual(document.source, "fetch")
        self.assertEqual(document.event_count, 2)
        self.assertIn("WHEAT-0412", self.cookie_lot._get_upstream_lots().mapped("name"))
        # fetched again: nothing new
        action, get = self._fetch(FakeResponse(body=self._query_document()))
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(len(self.receipt.epcis_import_ids), 1)
        # the mill's wheat lot, known now, is asked for too (its recall would name it)
        self.assertEqual(
            get.call_args.kwargs["params"],
            {
                "MATCH_anyEPC": f"https://id.gs1.org/01/{FLOUR_GTIN}/10/W-1187,"
                f"https://id.gs1.org/01/{WHEAT_GTIN}/10/WHEAT-0412"
            },
        )

    def test_many_lots_asked_in_several_queries(self):
        """A MATCH_anyEPC too long for one URL is split: each query names some of the lots,
        the answers are imported as one document, an event answered twice once."""
        self._fetch(FakeResponse(body=self._query_document()))  # the mill's wheat lot known
        known = len(self.flour_lot.epcis_event_ids)
        flour = digital_link(FLOUR_GTIN, "W-1187")
        wheat = f"https://id.gs1.org/01/{WHEAT_GTIN}/10/WHEAT-0412"
        answers = [FakeResponse(body=self._query_document()) for __ in range(2)]
        answers[1].text = json.dumps(
            dict(
                self._query_document(),
                epcisBody={
                    "queryResults": {
                        "queryName": "SimpleEventQuery",
                        "resultsBody": {
                            "eventList": [
                                self._query_document()["epcisBody"]["queryResults"]["resultsBody"][
                                    "eventList"
                                ][0],
                                self._storing_event(1),
                            ]
                        },
                    }
                },
            )
        )
        with patch(
            "odoo.addons.lot_traceability.tools.epcis_client.MAX_EPC_QUERY", len(wheat) + 10
        ):
            action, get = self._fetch(answers)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            [call.kwargs["params"]["MATCH_anyEPC"] for call in get.call_args_list],
            [flour, wheat],
        )
        self.assertEqual(len(self.receipt.epcis_import_ids), 2)
        # the storing event is new; the event answered to both queries was known already
        self.assertEqual(len(self.flour_lot.epcis_event_ids), known + 1)

    def _assert_fetch_refused(self, answer, *expected):
        before = self._counts()
        with self.assertRaises(UserError) as caught:
            self._fetch(answer)
        for text in expected:
            self.assertIn(text, str(caught.exception))
        self.assertEqual(self._counts(), before)

    def test_http_error(self):
        self._assert_fetch_refused(
            FakeResponse(401, text='{"error": "bad key"}'),
            "Fetch from Test Mill failed",
            "answered HTTP 401 Unauthorized",
            "bad key",
        )

    def test_not_json(self):
        self._assert_fetch_refused(
            FakeResponse(text="<html>Login</html>", content_type="text/html"),
            "did not answer JSON (content type text/html)",
        )

    def test_unreachable_and_timeout(self):
        self._assert_fetch_refused(
            requests.ConnectionError("Connection refused"), "could not be reached"
        )
        self._assert_fetch_refused(requests.Timeout("slow"), "did not answer within 30 seconds")

    def test_answer_schema_invalid(self):
        answer = self._query_document()
        events = answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        del events[1]["action"]
        self._assert_fetch_refused(
            FakeResponse(body=answer),
            "EPCIS document refused: event 2",
            "epcisBody.queryResults.resultsBody.eventList[1]",
        )

    def test_no_endpoint(self):
        self.mill.epcis_endpoint_url = False
        self._assert_fetch_refused(FakeResponse(body={}), "Test Mill has no EPCIS endpoint")

    def test_lots_without_gtin(self):
        self.flour.barcode = False
        self._assert_fetch_refused(FakeResponse(body={}), "has a product with a GTIN")

    def test_api_key_read_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.mill.with_user(self.trace_user).read(["epcis_api_key"])
        self.assertEqual(self.mill.with_user(self.trace_manager).epcis_api_key, "s3cret")
        self.assertEqual(
            self.mill.with_user(self.trace_user).read(["epcis_endpoint_url"])[0][
                "epcis_endpoint_url"
            ],
            "https://mill.example.com/epcis/",
        )

    def test_not_a_receipt(self):
        delivery = self._deliver(self.cookie_lot, 1.0, self.bistro)
        with self.assertRaisesRegex(UserError, "not a receipt from a supplier"):
            delivery.with_user(self.trace_user).action_epcis_fetch()

    # ------------------------------------------------------------------
    # Paging: every page of the answer, imported as one document
    # ------------------------------------------------------------------
    def _storing_event(self, number):
        """A storing event of the mill about the flour lot it shipped us (W-1187)."""
        return {
            "type": "ObjectEvent",
            "eventID": f"urn:uuid:2b1e5b52-0b59-4a55-9a3c-00000000010{number}",
            "eventTime": f"2026-11-29T0{number}:00:00.000+01:00",
            "eventTimeZoneOffset": "+01:00",
            "action": "OBSERVE",
            "quantityList": [{"epcClass": digital_link(FLOUR_GTIN, "W-1187"), "quantity": 10}],
            "bizStep": "storing",
            "disposition": "in_progress",
        }

    def _pages(self, per_page=2, host="https://mill.example.com"):
        """The mill's answer of 5 events (its 2 and 3 storing events), ``per_page`` a page,
        each page but the last with a Link header to the next one."""
        events = self._query_document()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        events += [self._storing_event(number) for number in (1, 2, 3)]
        pages = []
        for start in range(0, len(events), per_page):
            page = self._query_document()
            page["epcisBody"]["queryResults"]["resultsBody"]["eventList"] = events[
                start : start + per_page
            ]
            more = start + per_page < len(events)
            link = (
                f"{host}/epcis/events?perPage={per_page}&nextPageToken=T{start}" if more else None
            )
            pages.append(FakeResponse(body=page, link=link))
        return pages

    def test_fetch_follows_every_page(self):
        """5 events, 2 a page: 3 pages asked, the links followed, one import of 5 events."""
        pages = self._pages()
        self.assertEqual(len(pages), 3)
        action, get = self._fetch(pages)
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(get.call_count, 3)
        urls = [call.args[0] for call in get.call_args_list]
        self.assertEqual(
            urls,
            [
                "https://mill.example.com/epcis/events",
                "https://mill.example.com/epcis/events?perPage=2&nextPageToken=T0",
                "https://mill.example.com/epcis/events?perPage=2&nextPageToken=T2",
            ],
        )
        # the next pages are the server's URLs as given (its token in them), with the key
        self.assertIsNone(get.call_args_list[1].kwargs["params"])
        self.assertEqual(get.call_args_list[2].kwargs["headers"]["Authorization"], "Bearer s3cret")
        document = self.receipt.epcis_import_ids
        self.assertEqual(len(document), 1)
        self.assertEqual(document.event_count, 5)
        self.assertEqual(len(self.flour_lot.epcis_event_ids), 5)
        # fetched again: nothing new, still one import
        action, get = self._fetch(self._pages())
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(len(self.receipt.epcis_import_ids), 1)

    def test_fetch_page_cap(self):
        """More pages than allowed: a clear error, nothing imported (not even the first pages)."""
        self.env["ir.config_parameter"].set_param("lot_traceability.epcis_fetch_max_pages", 2)
        self._assert_fetch_refused(
            self._pages(),
            "Fetch from Test Mill stopped",
            "more than 2 pages",
            "lot_traceability.epcis_fetch_max_pages",
        )

    def test_fetch_page_failure_imports_nothing(self):
        pages = self._pages()
        pages[2] = FakeResponse(500, text="database is down")
        self._assert_fetch_refused(pages, "answered HTTP 500", "nextPageToken=T2")

    def test_fetch_next_page_on_another_site_refused(self):
        """The key is never sent to another host than the supplier's endpoint."""
        pages = self._pages(host="https://evil.example.net")
        before = self._counts()
        with self.assertRaisesRegex(UserError, "gave a next page on another site"):
            self._fetch(pages)
        self.assertEqual(self._counts(), before)

    def test_fetch_schema_error_on_a_later_page_names_the_event(self):
        pages = self._pages()
        body = pages[2].json()
        del body["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["action"]
        pages[2] = FakeResponse(body=body)
        self._assert_fetch_refused(
            pages,
            "event 5 (urn:uuid:2b1e5b52-0b59-4a55-9a3c-000000000103)",
            "epcisBody.queryResults.resultsBody.eventList[4]",
        )
