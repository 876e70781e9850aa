# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime


class StockLotExpiryDigest(models.Model):
    """A subscription to the expiry digest: the lots in stock expiring within N days (and
    those already expired), per warehouse, with their quantities, emailed every day to its
    subscribers by the scheduled action *Traceability: expiry digest*."""

    _name = "stock.lot.expiry.digest"
    _description = "Lot Expiry Digest"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Expiry digest"))
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    days = fields.Integer(
        string="Expiring Within (Days)",
        default=30,
        required=True,
        help="Lots whose expiration date falls within this many days (or has passed).",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        check_company=True,
        help="Leave empty for every warehouse of the company.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Subscribers",
        help="Who receives the digest (contacts with an email address).",
    )

    @api.constrains("days")
    def _check_days(self):
        for digest in self:
            if digest.days < 0:
                raise ValidationError(
                    self.env._(
                        "The expiry digest %(name)s looks %(days)s days ahead: use 0 or more.",
                        name=digest.name,
                        days=digest.days,
                    )
                )

    def get_expiring_lines(self):
        """What the digest lists, as read by the current user: a list of dicts
        ``warehouse`` (name) and ``lines`` (dicts ``lot``, ``product``, ``expiration_date``
        (formatted), ``expired`` (bool), ``quantity``, ``uom``), warehouses by name and lines
        by expiration date. Internal locations only; a lot is summed per warehouse."""
        self.ensure_one()
        now = fields.Datetime.now()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("location_id.usage", "=", "internal"),
            ("quantity", ">", 0),
            ("lot_id.expiration_date", "!=", False),
            ("lot_id.expiration_date", "<=", now + timedelta(days=self.days)),
        ]
        if self.warehouse_ids:
            domain.append(("location_id.warehouse_id", "in", self.warehouse_ids.ids))
        totals = defaultdict(float)
        for location, lot, quantity in self.env["stock.quant"]._read_group(
            domain, ["location_id", "lot_id"], ["quantity:sum"]
        ):
            totals[location.warehouse_id, lot] += quantity
        by_warehouse = defaultdict(list)
        for (warehouse, lot), quantity in totals.items():
            by_warehouse[warehouse].append(
                {
                    "lot": lot.name,
                    "product": lot.product_id.display_name,
                    "expiration_date": format_datetime(
                        self.env, lot.expiration_date, dt_format="short"
                    ),
                    "expiry_sort": lot.expiration_date,
                    "expired": lot.expiration_date <= now,
                    "quantity": quantity,
                    "uom": lot.product_id.uom_id.name,
                }
            )
        return [
            {
                "warehouse": warehouse.name or self.env._("No warehouse"),
                "lines": sorted(lines, key=lambda line: (line["expiry_sort"], line["lot"])),
            }
            for warehouse, lines in sorted(
                by_warehouse.items(), key=lambda item: item[0].name or ""
            )
        ]

    def _send(self):
        """Queue the digest email of each digest of self that has subscribers with an email
        address and something to list; return the digests sent."""
        template = self.env.ref("lot_traceability.mail_template_lot_expiry_digest")
        sent = self.browse()
        for digest in self:
            partners = digest.partner_ids.filtered("email")
            if not partners or not digest.get_expiring_lines():
                continue
            template.send_mail(
                digest.id,
                force_send=False,
                email_values={"recipient_ids": [fields.Command.set(partners.ids)]},
            )
            sent |= digest
        return sent

    def action_send_now(self):
        self._send()
        return True

    @api.model
    def _cron_send_expiry_digests(self):
        self.search([])._send()
        return True
