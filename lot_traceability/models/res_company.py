# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .res_partner import check_gln


class ResCompany(models.Model):
    _inherit = "res.company"

    # composition lists and build
    trace_build_expired_policy = fields.Selection(
        [("warn", "Warn"), ("refuse", "Refuse")],
        string="Expired Components",
        default="refuse",
        required=True,
        help="What the build wizard does when a scanned component lot is past its expiration "
        "date: warn and let the user confirm, or refuse.",
    )
    # recall
    trace_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        domain=[("usage", "=", "internal")],
        help="Where a recall's Hold Stock moves the on-hand quantities of the affected lots "
        "(a recall proposes it).",
    )

    # recall
    def _create_trace_quarantine_location(self):
        """Give each company of ``self`` without one its quarantine location: an internal
        location *Quarantine* in its first warehouse (outside the stock location, so that
        nothing is picked from it by mistake). The main company's is the module's data record
        ``stock_location_quarantine``. Companies without a warehouse get theirs with their
        first warehouse (``stock.warehouse.create``)."""
        main = self.env.ref("lot_traceability.stock_location_quarantine", raise_if_not_found=False)
        Warehouse = self.env["stock.warehouse"].sudo().with_context(active_test=False)
        for company in self.sudo().filtered(lambda c: not c.trace_quarantine_location_id):
            if main and main.company_id == company:
                company.trace_quarantine_location_id = main
                continue
            warehouse = Warehouse.search([("company_id", "=", company.id)], limit=1, order="id")
            if not warehouse:
                continue
            company.trace_quarantine_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Quarantine"),
                        "usage": "internal",
                        "location_id": warehouse.view_location_id.id,
                        "company_id": company.id,
                    }
                )
            )

    # release on receipt and expiry
    trace_expiry_hold_date = fields.Selection(
        [("expiration_date", "Expiration Date"), ("removal_date", "Removal Date")],
        string="Hold Lots Past Their",
        default="expiration_date",
        required=True,
        help="The daily scheduled action puts the lots in stock past this date on hold "
        "(blocked, reason Expired).",
    )

    # supply-chain traceability
    global_location_number = fields.Char(
        related="partner_id.global_location_number",
        string="GLN",
        readonly=False,
        help="GS1 Global Location Number of the company (13 digits): the owning party of its "
        "EPCIS events, and its location when a warehouse has no GLN of its own.",
    )
    epcis_partner_scope = fields.Selection(
        [
            ("received", "Only the lots they received"),
            ("one_step", "One step upstream"),
            ("full", "Our full upstream chain"),
        ],
        string="Partner Query Scope",
        default="received",
        required=True,
        help="What a partner's API key reads at /epcis/events: only the events of the lots "
        "delivered to it, also the events of the lots these were made of (one step up), or "
        "of our whole upstream chain. Never another customer's deliveries.",
    )

    @api.constrains("global_location_number")
    def _check_global_location_number(self):
        check_gln(self)
