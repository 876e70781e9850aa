# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..tools.numeric import MAX_COUNT, check_number


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _get_lot_numbering_rule(self, company=None):
        """The numbering rule of this product in ``company`` (see the template's)."""
        self.ensure_one()
        return self.product_tmpl_id._get_lot_numbering_rule(company)

    def _propose_lot_names(self, count=1, values=None, peek=False):
        """Return ``count`` new, unused lot/serial names for this product.

        The one entry point every wizard of this module uses to propose lot or serial names.
        ``values`` may carry what a numbering rule needs (``production_date``, ``shift``,
        ``production_line``, ``company``). Without a numbering rule (on the product or its
        category) this follows Odoo: the next name after the product's last lot, or the
        ``stock.lot.serial`` sequence.

        ``peek``: only propose (a form or a wizard showing a name the user may discard); the
        rule's number is taken when a lot is created with that name.
        """
        self.ensure_one()
        count = check_number(
            self.env, count, self.env._("Number of names"), maximum=MAX_COUNT, integer=True
        )
        values = dict(values or {})
        company = values.get("company") or self.env.company
        rule = self._get_lot_numbering_rule(company)
        if rule:
            return rule._generate_names(self, count, values, peek=peek)
        first = self.env["stock.lot"]._get_next_serial(company, self)
        if not first:
            first = self.env["ir.sequence"].next_by_code("stock.lot.serial")
        return [vals["lot_name"] for vals in self.env["stock.lot"].generate_lot_names(first, count)]
