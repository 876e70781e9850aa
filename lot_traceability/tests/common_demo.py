# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import unittest

from odoo.tests import TransactionCase


class DemoCase(TransactionCase):
    """Tests of the demo database's stories: skipped when the module has no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "lot_traceability")])
        if not module.demo:
            raise unittest.SkipTest("lot_traceability was installed without demo data")

    def _ref(self, xmlid):
        return self.env.ref(f"lot_traceability.{xmlid}")
