# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Expiry that acts: a daily scheduled action holds the lots in stock past their expiration (or
removal) date and takes them off the operations that reserved them."""

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_expired_lots_domain(self, company, now):
        """Available lots of ``company`` with stock in an internal location, past the date
        the company's setting names (expiration or removal date)."""
        date_field = company.trace_expiry_hold_date or "expiration_date"
        company_domain = [("company_id", "=", company.id)]
        if company == self.env.company:
            company_domain = ["|", ("company_id", "=", False), *company_domain]
        return [
            *company_domain,
            ("trace_status", "=", "available"),
            (date_field, "!=", False),
            (date_field, "<=", now),
            ("quant_ids", "any", [("location_id.usage", "=", "internal"), ("quantity", ">", 0)]),
        ]

    @api.model
    def _cron_hold_expired_lots(self):
        """Daily: put the lots in stock past their expiration date (or removal date, per
        company setting) on hold (blocked, reason "Expired"), and take them off the
        deliveries and manufacturing orders that had reserved them. Returns the lots held."""
        now = fields.Datetime.now()
        held = self.browse()
        for company in self.env["res.company"].search([]):
            lots = self.search(self._get_expired_lots_domain(company, now))
            if not lots:
                continue
            lots.sudo().write(
                {"trace_status": "blocked", "trace_status_reason": self.env._("Expired")}
            )
            lots._unreserve_refused_operations()
            held |= lots
        return held
