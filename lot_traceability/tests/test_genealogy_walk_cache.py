# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGenealogyWalkCache(TransactionCase):
    """The genealogy's walk context (location ids by type, whether an unbuild exists) is
    recomputed after a location or an unbuild order changes, without emptying the other
    caches of the registry (``registry.clear_cache()`` did, in every worker)."""

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

    def test_walk_context_read_once_per_transaction(self):
        """Cached: a second walk in the transaction runs no query for it; a location name
        (not a field of the context) keeps it."""
        self.genealogy._get_walk_context()
        self.stock.name = "Renamed Stock"
        self.env.flush_all()
        with self.assertQueryCount(0):
            self.genealogy._get_walk_context()

    def test_walk_context_dropped_at_commit_and_rollback(self):
        """The next transaction reads what other workers committed meanwhile: the copy is
        dropped by the cursor's post-commit and post-rollback callbacks."""
        self.genealogy._clear_walk_context()  # the test cursor's callbacks are cleared by tests
        self.genealogy._get_walk_context()
        self.assertIn(self.genealogy._WALK_CONTEXT_KEY, self.env.cr.cache)
        self.env.cr.postrollback.run()
        self.assertNotIn(self.genealogy._WALK_CONTEXT_KEY, self.env.cr.cache)
        self.genealogy._get_walk_context()
        self.env.cr.postcommit.run()
        self.assertNotIn(self.genealogy._WALK_CONTEXT_KEY, self.env.cr.cache)
