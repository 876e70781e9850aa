# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _propose_lot_names(self, count=1, values=None):
        """Return ``count`` new, unused lot/serial names for this product.

        The one entry point every wizard of this module uses to propose lot or serial names.
        ``values`` may carry what a numbering rule needs (``production_date``, ``shift``,
        ``production_line``, ``company``). This default follows Odoo: the next name after the
        product's last lot, or the ``stock.lot.serial`` sequence; numbering rules override it.
        """
        self.ensure_one()
        company = (values or {}).get("company") or self.env.company
        first = self.env["stock.lot"]._get_next_serial(company, self)
        if not first:
            first = self.env["ir.sequence"].next_by_code("stock.lot.serial")
        return [vals["lot_name"] for vals in self.env["stock.lot"].generate_lot_names(first, count)]
