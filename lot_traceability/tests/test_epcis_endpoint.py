# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from urllib.parse import parse_qs, urlsplit

from odoo.tests import HttpCase, tagged

from ..controllers.epcis import API_KEY_SCOPE
from .common_supply_chain import SupplyChainCommon, epcis_validator


@tagged("post_install", "-at_install")
class TestEpcisEndpoint(HttpCase, SupplyChainCommon):
    """/epcis/events over real HTTP: the Bistro's API key reads the events of the trays it
    received, never the Grocer's deliveries, never another company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.validator = epcis_validator()
        cls.bistro.epcis_access = True
        cls.grocer.epcis_access = True
        cls.bistro_user = cls._create_portal_user("bistro_api", cls.bistro)
        cls.grocer_user = cls._create_portal_user("grocer_api", cls.grocer)
        cls.bistro_key = cls._generate_key(cls.bistro_user)
        cls.grocer_key = cls._generate_key(cls.grocer_user)
        cls.tray_1_id = f"https://id.gs1.org/01/{cls.TRAY_GTIN}/10/COOKIES-1-001"
        cls.tray_3_id = f"https://id.gs1.org/01/{cls.TRAY_GTIN}/10/COOKIES-1-003"

    @classmethod
    def _create_portal_user(cls, login, company_partner):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": company_partner.id, "type": "contact"}
        )
        return cls.env["res.users"].create(
            {
                "login": login,
                "partner_id": contact.id,
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )

    @classmethod
    def _generate_key(cls, user):
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(API_KEY_SCOPE, "EPCIS", None)
        )

    def _get(self, key=None, headers=None, **params):
        headers = dict(headers or {})
        if key:
            headers["Authorization"] = f"Bearer {key}"
        query = "&".join(f"{name}={value}" for name, value in params.items())
        return self.url_open(f"/epcis/events?{query}", headers=headers)

    def _assert_problem(self, response, status, exception, *expected):
        """An RFC 7807 problem document (JSON) of ``exception`` naming ``expected``."""
        self.assertEqual(response.status_code, status, response.text)
        problem = response.json()
        self.assertEqual(problem["type"], f"epcisException:{exception}")
        self.assertEqual(problem["status"], status)
        for text in expected:
            self.assertIn(text, problem["title"])

    def _events(self, key, **params):
        response = self._get(key, **params)
        self.assertEqual(response.status_code, 200, response.text)
        document = response.json()
        errors = [error.message for error in self.validator.iter_errors(document)]
        self.assertFalse(errors, errors)
        self.assertEqual(document["type"], "EPCISQueryDocument")
        return document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]

    def _classes(self, events):
        return {
            element["epcClass"]
            for event in events
            for key in ("quantityList", "inputQuantityList", "outputQuantityList")
            for element in event.get(key, ())
        }

    def test_customer_reads_its_trays(self):
        """The Bistro received trays 1 (main address) and 2 (kitchen door): their
        deliveries; not the Grocer's trays, nothing upstream (scope: only what it received)."""
        events = self._events(self.bistro_key)
        self.assertEqual([event["bizStep"] for event in events], ["shipping", "shipping"])
        self.assertEqual(
            self._classes(events),
            {self.tray_1_id, f"https://id.gs1.org/01/{self.TRAY_GTIN}/10/COOKIES-1-002"},
        )
        grocer_events = self._events(self.grocer_key)
        self.assertEqual(self._classes(grocer_events), {self.tray_3_id})  # delivery and return
        self.assertEqual(len(grocer_events), 2)

    def test_query_parameters(self):
        events = self._events(self.bistro_key, MATCH_anyEPC=self.tray_1_id)
        self.assertEqual(self._classes(events), {self.tray_1_id})
        # a lot it never received: nothing
        self.assertEqual(self._events(self.bistro_key, MATCH_anyEPC=self.tray_3_id), [])
        self.assertEqual(len(self._events(self.bistro_key, EQ_bizStep="shipping")), 2)
        self.assertEqual(self._events(self.bistro_key, EQ_bizStep="receiving"), [])
        self.assertEqual(self._events(self.bistro_key, LT_eventTime="2000-01-01T00:00:00Z"), [])
        self.assertEqual(len(self._events(self.bistro_key, GE_eventTime="2000-01-01T00:00:00Z")), 2)
        response = self._get(self.bistro_key, GE_eventTime="yesterday")
        self.assertEqual(response.status_code, 400)
        self.assertIn("GE_eventTime", response.json()["title"])
        self.assertEqual(self._get(self.bistro_key, EQ_action="ADD").status_code, 400)

    def test_authentication(self):
        self.assertEqual(self._get().status_code, 401)
        self.assertEqual(self._get("not-a-key").status_code, 401)
        basic = base64.b64encode(f"bistro_api:{self.bistro_key}".encode()).decode()
        response = self._get(headers={"Authorization": f"Basic {basic}"})
        self.assertEqual(response.status_code, 200)
        wrong = base64.b64encode(f"grocer_api:{self.bistro_key}".encode()).decode()
        self.assertEqual(self._get(headers={"Authorization": f"Basic {wrong}"}).status_code, 401)
        self.bistro.epcis_access = False
        self.assertEqual(self._get(self.bistro_key).status_code, 403)

    def test_upstream_scopes(self):
        """One step up: the split that made its trays; full: our whole upstream chain (the
        bake, the flour's receipt, hold and recall) — and still never the Grocer's delivery."""
        self.env.company.epcis_partner_scope = "one_step"
        events = self._events(self.bistro_key)
        transformations = [event for event in events if event["type"] == "TransformationEvent"]
        self.assertEqual(len(transformations), 1)  # the split, not the bake
        self.env.company.epcis_partner_scope = "full"
        events = self._events(self.bistro_key)
        self.assertEqual(
            len([event for event in events if event["type"] == "TransformationEvent"]), 2
        )
        flour = f"https://id.gs1.org/01/{self.FLOUR_GTIN}/10/FLOUR-BAD"
        self.assertIn(flour, self._classes(events))
        self.assertIn("recalled", [event.get("disposition") for event in events])
        shipping = [event for event in events if event["bizStep"] == "shipping"]
        self.assertNotIn(self.tray_3_id, self._classes(shipping))
        self.assertEqual(len(shipping), 2)

    def test_other_company_never(self):
        """Another company of this database delivered a lot to the Bistro too: the Bistro's
        user (of our company) does not see it."""
        other = self.env["res.company"].create({"name": "Other Bakery"})
        lot, __ = self._receive_in_company(other, "FLOUR-OTHER", 5, self.mill)
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)], limit=1)
        env = self.env(context=dict(self.env.context, allowed_company_ids=other.ids))
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": self.bistro.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Flour",
                            "product_id": self.flour.id,
                            "product_uom": self.flour.uom_id.id,
                            "product_uom_qty": 5,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.customer_location.id,
                        },
                    )  # fmt: skip
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(picking.state, "done")
        self.assertTrue(
            self.env["stock.lot.event"].search([("lot_id", "=", lot.id), ("kind", "=", "delivery")])
        )
        flour_other = f"https://id.gs1.org/01/{self.FLOUR_GTIN}/10/FLOUR-OTHER"
        self.assertNotIn(flour_other, self._classes(self._events(self.bistro_key)))
        self.assertEqual(self._events(self.bistro_key, MATCH_anyEPC=flour_other), [])

    # ------------------------------------------------------------------
    # Paging (EPCIS 2.0 REST binding: perPage, nextPageToken, Link rel="next")
    # ------------------------------------------------------------------
    def test_paging_link_header_and_token(self):
        self.env.company.epcis_partner_scope = "full"
        everything = self._events(self.bistro_key)
        self.assertGreaterEqual(len(everything), 5)
        response = self._get(self.bistro_key, perPage=2)
        self.assertEqual(response.status_code, 200, response.text)
        pages = [response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]
        while "Link" in response.headers:
            self.assertLess(len(pages), len(everything), "more pages than events: a loop")
            link = response.headers["Link"]
            self.assertRegex(link, r'^<http://[^>]+/epcis/events\?[^>]+>; rel="next"$')
            url = link[1 : link.index(">")]
            query = parse_qs(urlsplit(url).query)
            self.assertEqual(query["perPage"], ["2"])
            self.assertTrue(query["nextPageToken"][0])
            response = self.url_open(url, headers={"Authorization": f"Bearer {self.bistro_key}"})
            self.assertEqual(response.status_code, 200, response.text)
            page = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            pages.append(page)
        self.assertEqual([len(page) for page in pages[:-1]], [2] * (len(pages) - 1))
        self.assertEqual(len(pages), (len(everything) + 1) // 2)
        # every event once, in the order of the unpaged answer
        self.assertEqual([event for page in pages for event in page], everything)

    def test_paging_keeps_the_filters(self):
        """The Link carries the query's filters with the token: the next page stays filtered."""
        self.env.company.epcis_partner_scope = "full"
        response = self._get(self.bistro_key, perPage=1, EQ_bizStep="shipping")
        self.assertEqual(response.status_code, 200)
        link = response.headers["Link"]
        self.assertIn("EQ_bizStep=shipping", link)
        url = link[1 : link.index(">")]
        response = self.url_open(url, headers={"Authorization": f"Bearer {self.bistro_key}"})
        events = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        self.assertEqual([event["bizStep"] for event in events], ["shipping"])
        self.assertNotIn("Link", response.headers)

    def test_paging_bad_token_and_page_size(self):
        self._assert_problem(
            self._get(self.bistro_key, nextPageToken="forged"),
            400,
            "QueryParameterException",
            "nextPageToken",
        )
        # a real token, but of another query (or another partner): refused, not misread
        link = self._get(self.bistro_key, perPage=1).headers["Link"]
        token = parse_qs(urlsplit(link[1 : link.index(">")]).query)["nextPageToken"][0]
        self._assert_problem(
            self._get(self.bistro_key, nextPageToken=token, EQ_bizStep="receiving"),
            400,
            "QueryParameterException",
            "nextPageToken",
        )
        self.assertEqual(self._get(self.bistro_key, nextPageToken=token).status_code, 200)
        self._assert_problem(
            self._get(self.grocer_key, nextPageToken=token), 400, "QueryParameterException"
        )
        self._assert_problem(
            self._get(self.bistro_key, perPage=0), 400, "QueryParameterException", "perPage"
        )
        self._assert_problem(
            self._get(self.bistro_key, perPage="ten"), 400, "QueryParameterException", "perPage"
        )

    def test_bad_key_answers_a_problem_document(self):
        self._assert_problem(self._get("not-a-key"), 401, "SecurityException")
        self.bistro.epcis_access = False
        self._assert_problem(self._get(self.bistro_key), 403, "SecurityException", "Bistro")

    # ------------------------------------------------------------------
    # Filters (run in SQL): every identifier form, transformations kept whole
    # ------------------------------------------------------------------
    def test_match_any_epc_lgtin_urn_and_transformations(self):
        urn = "urn:epc:class:lgtin:9521234.000002.COOKIES-1-001"
        self.assertEqual(
            self._classes(self._events(self.bistro_key, MATCH_anyEPC=urn)), {self.tray_1_id}
        )
        self.assertEqual(
            self._events(self.bistro_key, MATCH_anyEPCClass=urn),
            self._events(self.bistro_key, MATCH_anyEPC=self.tray_1_id),
        )
        self.env.company.epcis_partner_scope = "full"
        flour = f"https://id.gs1.org/01/{self.FLOUR_GTIN}/10/FLOUR-BAD"
        events = self._events(self.bistro_key, MATCH_anyEPC=flour)
        # the bake that consumed the flour, whole (its outputs too), and the flour's own events
        bake = [event for event in events if event["type"] == "TransformationEvent"]
        self.assertEqual(len(bake), 1)
        self.assertTrue(bake[0].get("outputQuantityList") or bake[0].get("outputEPCList"))
        self.assertIn("recalled", [event.get("disposition") for event in events])
        self.assertNotIn("shipping", [event["bizStep"] for event in events])
        commissioning = self._events(self.bistro_key, EQ_bizStep="commissioning")
        self.assertEqual({event["type"] for event in commissioning}, {"TransformationEvent"})
        self.assertEqual(len(commissioning), 2)
        holding = self._events(
            self.bistro_key, EQ_bizStep="https://ref.gs1.org/cbv/BizStep-holding"
        )
        self.assertEqual(
            {event["disposition"] for event in holding}, {"non_sellable_other", "recalled"}
        )
        # an identifier of no lot: nothing (not everything)
        self.assertEqual(self._events(self.bistro_key, MATCH_anyEPC="urn:example:pallet:1"), [])
