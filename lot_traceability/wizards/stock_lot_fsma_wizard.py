# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotFsmaWizard(models.TransientModel):
    """What FDA asks for (21 CFR 1.1455(c)(3)(ii)): the records of given foods over a date
    range, as an electronic sortable spreadsheet (or CSV, or an EPCIS document)."""

    _name = "stock.lot.fsma.wizard"
    _description = "FSMA 204 Spreadsheet of Products and Dates"

    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        domain=[("tracking", "!=", "none")],
        help="Empty: every product on the Food Traceability List.",
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.today() - timedelta(days=30)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    file_format = fields.Selection(
        [
            ("xlsx", "Sortable spreadsheet (XLSX)"),
            ("csv", "CSV"),
            ("epcis", "EPCIS 2.0 (JSON-LD)"),
        ],
        string="Format",
        default="xlsx",
        required=True,
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(
                    self.env._(
                        "The start date %(start)s is after the end date %(end)s.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _get_products(self):
        """The products asked for, else every product on the Food Traceability List."""
        self.ensure_one()
        if self.product_ids:
            return self.product_ids
        products = self.env["product.product"].search(
            [("is_food_traceability", "=", True), ("tracking", "!=", "none")]
        )
        if not products:
            raise UserError(
                self.env._(
                    "No product is on the Food Traceability List: choose the products, or set "
                    "the flag on the products or their categories."
                )
            )
        return products

    def _get_utc_bounds(self):
        """The date range in the user's time zone, as naive UTC datetimes [from, to)."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        bounds = []
        for day in (self.date_from, self.date_to + timedelta(days=1)):
            local = tz.localize(datetime.combine(day, time.min))
            bounds.append(local.astimezone(pytz.utc).replace(tzinfo=None))
        return bounds

    def _prepare_condition(self):
        self.ensure_one()
        date_from, date_to = self._get_utc_bounds()
        return self.env["stock.lot.event"]._get_scope_condition(
            products=self._get_products(), date_from=date_from, date_to=date_to
        )

    def action_export(self):
        self.ensure_one()
        name = f"fsma204-{self.date_from}-{self.date_to}"
        if self.file_format == "epcis":
            return self.env["stock.lot.epcis.export"]._action_download(
                self._prepare_condition(), f"epcis-{self.date_from}-{self.date_to}", self
            )
        return self.env["stock.lot.fsma.export"]._action_download(
            self._prepare_condition(), name, self, self.file_format
        )
