# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGenealogyWalkCache(TransactionCase):
    """The genealogy's walk context (location ids by type, whether an unbuild exists) follows
    a location or an unbuild order changed, without emptying the other caches of the
    registry (``registry.clear_cache()`` did, in every worker)."""

    def setUp(self):
        super().setUp()
        self.genealogy = self.env["stock.lot.genealogy"]
        self.stock = self.env.ref("stock.stock_location_stock")

    def _warm_other_caches(self):
        """Fill two ``ormcache`` entries of Odoo (an xmlid, a group check); a second call of
        each must then run no query."""
        self.env["ir.model.data"]._xmlid_lookup("stock.stock_location_stock")
        self.env.user.has_group("stock.group_stock_user")

    def _assert_other_caches_kept(self):
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            self.env["ir.model.data"]._xmlid_lookup("stock.stock_location_stock")
            self.env.user.has_group("stock.group_stock_user")

    def test_location_created_keeps_other_caches(self):
        self.genealogy._get_walk_context()
        self._warm_other_caches()
        shop = self.env["stock.location"].create({"name": "Test Shop", "usage": "customer"})
        self._assert_other_caches_kept()
        self.assertIn(shop.id, self.genealogy._get_walk_context()["locations"]["customer"])

    def test_location_usage_written_keeps_other_caches(self):
        dock = self.env["stock.location"].create(
            {"name": "Test Dock", "usage": "internal", "location_id": self.stock.id}
        )
        self.assertNotIn(dock.id, self.genealogy._get_walk_context()["locations"]["customer"])
        self._warm_other_caches()
        dock.usage = "customer"
        self._assert_other_caches_kept()
        self.assertIn(dock.id, self.genealogy._get_walk_context()["locations"]["customer"])
        dock.unlink()
        self._assert_other_caches_kept()
        self.assertNotIn(dock.id, self.genealogy._get_walk_context()["locations"]["customer"])

    def test_walk_context_exact_after_savepoint_rollback(self):
        """A location retyped and an unbuild seen inside a savepoint that is rolled back are
        not seen by the next walk of the transaction (no copy outlives the savepoint)."""
        dock = self.env["stock.location"].create(
            {"name": "Test Dock", "usage": "internal", "location_id": self.stock.id}
        )
        self.genealogy._get_walk_context()
        savepoint = self.env.cr.savepoint()
        dock.usage = "customer"
        self.assertIn(dock.id, self.genealogy._get_walk_context()["locations"]["customer"])
        savepoint.rollback()
        savepoint.close()
        self.env.invalidate_all(flush=False)
        self.assertNotIn(dock.id, self.genealogy._get_walk_context()["locations"]["customer"])
