# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.lot_traceability.controllers.gs1_resolver import Gs1DigitalLinkResolver
from odoo.addons.lot_traceability.controllers.trace_export import TraceExport
from odoo.tests import HttpCase, new_test_user, tagged

from .common_genealogy import GenealogyCommon

# The routes and RPC methods that only read: with ``db_replica_host`` set, Odoo 18 answers
# them from the replica (``http.route(readonly=True)``, ``@api.readonly`` for ``call_kw``).
READONLY_ROUTES = (Gs1DigitalLinkResolver.gs1_digital_link, TraceExport.trace_xlsx)
READONLY_METHODS = (
    ("stock.lot.scanner", "get_lot_card"),
    ("stock.lot", "get_genealogy_count"),
    # the handheld operations' lookups (what a scan shows before anything is done)
    ("stock.lot.scanner.count", "scan_location"),
    ("stock.lot.scanner.count", "scan_lot"),
    ("stock.lot.scanner.count", "get_review"),
    ("stock.lot.scanner.move", "scan_source"),
    ("stock.lot.scanner.move", "scan_destination"),
    ("stock.lot.scanner.pick", "get_deliveries"),
    ("stock.lot.scanner.receive", "get_receipts"),
)


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(HttpCase, GenealogyCommon):
    """The read-only traceability routes and RPC methods are flagged read-only, and run on a
    read-only cursor (the test server simulates one with ``SET TRANSACTION READ ONLY``): a
    write would be refused by PostgreSQL and retried on the primary with a warning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flour_lot = cls._create_lot(cls.flour, "RO-FLOUR", 10)
        cls.batch, _mo = cls._produce(cls.cookie_batch, "RO-BATCH", 4, [(cls.flour_lot, 4)])
        cls._deliver(cls.batch, 1, cls.bistro)
        new_test_user(
            cls.env,
            login="readonly_tracer",
            groups="stock.group_stock_user,lot_traceability.group_traceability_user",
        )

    def test_routes_and_methods_are_flagged_readonly(self):
        for endpoint in READONLY_ROUTES:
            with self.subTest(route=endpoint.__name__):
                self.assertIs(endpoint.original_routing["readonly"], True)
        for model_name, method_name in READONLY_METHODS:
            with self.subTest(method=f"{model_name}.{method_name}"):
                # as web's DataSet._call_kw_readonly finds it: the final override first
                method = getattr(type(self.env[model_name]), method_name)
                self.assertIs(getattr(method, "_readonly", False), True)

    def _call_kw(self, model_name, method_name, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model_name}/{method_name}",
            {"model": model_name, "method": method_name, "args": args, "kwargs": {}},
        )

    def test_readonly_calls_write_nothing(self):
        self.authenticate("readonly_tracer", "readonly_tracer")
        with self.assertNoLogs("odoo.http", "WARNING"):
            card = self._call_kw("stock.lot.scanner", "get_lot_card", ["RO-FLOUR"])
            count = self._call_kw(
                "stock.lot", "get_genealogy_count", [self.flour_lot.ids, "downstream"]
            )
            response = self.url_open(f"/lot_traceability/trace/{self.batch.id}/xlsx?direction=both")
            stock = self.env.ref("stock.stock_location_stock")
            source = self._call_kw("stock.lot.scanner.move", "scan_source", [None, stock.id])
            counted = self._call_kw("stock.lot.scanner.count", "scan_lot", [stock.id, "RO-FLOUR"])
            receipts = self._call_kw("stock.lot.scanner.receive", "get_receipts", [])
        self.assertNotIn("error", card)
        self.assertEqual(source["location"]["id"], stock.id)
        self.assertIn("lot", counted)
        self.assertIsInstance(receipts, list | dict)
        self.assertEqual(count, 1)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.assertIn("RO-BATCH", response.headers["Content-Disposition"])

    def test_trace_export_of_an_unknown_lot_or_direction(self):
        self.authenticate("readonly_tracer", "readonly_tracer")
        self.assertEqual(self.url_open("/lot_traceability/trace/999999999/xlsx").status_code, 404)
        url = f"/lot_traceability/trace/{self.batch.id}/xlsx?direction=sideways"
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_trace_export_action_points_to_the_route(self):
        trace = self.env["stock.lot.trace"].create(
            {"lot_id": self.batch.id, "direction": "upstream"}
        )
        action = trace.action_export_xlsx()
        self.assertEqual(
            action["url"], f"/lot_traceability/trace/{self.batch.id}/xlsx?direction=upstream"
        )
