# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from ..tools.epcis import QueryParameterError
from .common_supply_chain import SupplyChainCommon


@tagged("post_install", "-at_install")
class TestEpcisQuery(SupplyChainCommon):
    """The query behind /epcis/events (``stock.lot.epcis.query``): its pages and filters,
    without HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Query = cls.env["stock.lot.epcis.query"]
        cls.env.company.epcis_partner_scope = "full"
        cls.companies = cls.env.company

    def _page(self, **params):
        return self.Query._get_page(self.bistro, self.companies, params)

    def _all_pages(self, **params):
        pages, token = [], params.pop("nextPageToken", None)
        while True:
            self.assertLess(len(pages), 20, "more pages than events: a loop")
            query = dict(params, **({"nextPageToken": token} if token else {}))
            events, token = self._page(**query)
            pages.append(events)
            if not token:
                return pages

    def test_five_events_over_three_pages(self):
        """Page size 2: 5 events come over 3 pages, each once, in the unpaged answer's order.
        The query: the Bistro's 2 tray deliveries, the flour's hold and recall, the bake and
        the split (full scope), after the first of them (a token is bound to the query, not to
        the page size)."""
        params = {"EQ_bizStep": "shipping,holding,commissioning"}
        everything, token = self._page(**params)
        self.assertIsNone(token)
        self.assertEqual(len(everything), 6)
        __, token = self._page(perPage=1, **params)
        pages = self._all_pages(perPage=2, nextPageToken=token, **params)
        self.assertEqual([len(page) for page in pages], [2, 2, 1])
        self.assertEqual([event for page in pages for event in page], everything[1:])
        ids = [event["eventID"] for page in pages for event in page]
        self.assertEqual(len(set(ids)), 5)

    def test_keyset_page_is_stable_when_events_are_added(self):
        """A delivery to the Bistro recorded between two pages, dated before them (a backdated
        transfer): the next page is the same, nothing shifted or repeated (an OFFSET would)."""
        first, token = self._page(perPage=2)
        rest = self._page(nextPageToken=token)[0]
        picking = self._deliver(self.tray_1, 1, self.bistro)
        picking.move_ids.move_line_ids.write({"date": "2000-01-01 00:00:00"})
        everything = self._page()[0]
        self.assertEqual(len(everything), len(first) + len(rest) + 1)
        self.assertTrue(everything[0]["eventTime"].startswith("2000-01-01"))
        self.assertEqual(self._page(nextPageToken=token)[0], rest)

    def test_default_page_size_parameter(self):
        everything = self._page()[0]
        self.env["ir.config_parameter"].set_param("lot_traceability.epcis_per_page", 2)
        events, token = self._page()
        self.assertEqual(events, everything[:2])
        self.assertTrue(token)
        self.assertEqual(len(self._page(perPage=3)[0]), 3)

    def test_bad_parameters(self):
        for params, field in (
            ({"perPage": "0"}, "perPage"),
            ({"perPage": "1001"}, "perPage"),
            ({"nextPageToken": "AAAA"}, "nextPageToken"),
            ({"GE_eventTime": "soon"}, "GE_eventTime"),
            ({"EQ_action": "ADD"}, "EQ_action"),
        ):
            with self.subTest(params=params), self.assertRaisesRegex(QueryParameterError, field):
                self._page(**params)
        __, token = self._page(perPage=1)
        with self.assertRaisesRegex(QueryParameterError, "nextPageToken"):
            self.Query._get_page(self.grocer, self.companies, {"nextPageToken": token})
