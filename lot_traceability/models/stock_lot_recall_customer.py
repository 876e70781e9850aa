# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ..orm_bypass.unchecked_link import unlink_with_unchecked_links


class StockLotRecallCustomer(models.Model):
    _name = "stock.lot.recall.customer"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Customer"
    _order = "recall_id, id"
    _rec_name = "partner_id"
    _editable_when_closed = ("acknowledged_date",)

    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, help="The commercial partner."
    )
    email = fields.Char(related="partner_id.email")
    address_ids = fields.Many2many(
        "res.partner",
        "stock_lot_recall_customer_address_rel",
        "customer_id",
        "partner_id",
        string="Delivery Addresses",
        readonly=True,
    )
    delivery_ids = fields.One2many(
        "stock.lot.recall.delivery", "customer_id", string="Deliveries", readonly=True
    )
    lot_ids = fields.Many2many("stock.lot", string="Lots", compute="_compute_delivery_summary")
    delivery_count = fields.Integer(compute="_compute_delivery_summary")
    quantity_summary = fields.Char(string="Net Quantity", compute="_compute_delivery_summary")
    notified_date = fields.Datetime(string="Notified On", readonly=True)
    notification_simulated = fields.Boolean(
        readonly=True, help="Notified in a mock recall: no email was sent."
    )
    notified_otherwise = fields.Boolean(
        readonly=True,
        help="Notified without an email from Odoo (phone, visit, letter), as recorded by the "
        "recall team: e.g. a customer without email address, or deliveries without customer.",
    )
    mail_id = fields.Many2one("mail.mail", string="Notice Email", readonly=True)
    acknowledged_date = fields.Datetime(string="Acknowledged On", readonly=True)
    notification_state = fields.Selection(
        [
            ("to_notify", "To Notify"),
            ("notified", "Notified"),
            ("acknowledged", "Acknowledged"),
        ],
        compute="_compute_notification_state",
    )

    @api.depends("delivery_ids.quantity", "delivery_ids.lot_id")
    def _compute_delivery_summary(self):
        """From the one2many of new customers; for stored ones (a hub's customer received
        thousands of deliveries), counted and summed by PostgreSQL, as the one2many would:
        lots and units in the order of their first delivery (by date, then line)."""
        stored = self.filtered("id")
        summaries = stored._read_delivery_summaries() if stored else {}
        for customer in self:
            if customer.id:
                lot_ids, count, quantities = summaries.get(customer.id, ([], 0, []))
                customer.lot_ids = self.env["stock.lot"].browse(lot_ids)
                customer.delivery_count = count
                customer.quantity_summary = ", ".join(
                    f"{float_round(qty, precision_rounding=uom.rounding or 0.01):g} {uom.name}"
                    for uom, qty in quantities
                )
                continue
            customer.lot_ids = customer.delivery_ids.lot_id
            customer.delivery_count = len(customer.delivery_ids)
            customer.quantity_summary = customer.delivery_ids._format_quantities()

    def _read_delivery_summaries(self):
        """``{customer id: (lot ids, delivery count, [(unit, net quantity)])}`` of the
        customers of self, by two grouped queries."""
        Delivery = self.env["stock.lot.recall.delivery"]
        Delivery.flush_model(["customer_id", "lot_id", "date", "quantity"])
        self.env["stock.lot"].flush_model(["product_id"])
        table = SQL.identifier(Delivery._table)
        summaries = {
            customer_id: (list(dict.fromkeys(lot_ids or [])), count, [])
            for customer_id, count, lot_ids in self.env.execute_query(
                SQL(
                    """
                    SELECT customer_id, COUNT(*),
                           ARRAY_AGG(lot_id ORDER BY date, id) FILTER (WHERE lot_id IS NOT NULL)
                      FROM %(table)s WHERE customer_id = ANY(%(ids)s) GROUP BY customer_id
                    """,
                    table=table,
                    ids=self.ids,
                )
            )
        }
        rows = self.env.execute_query(
            SQL(
                """
                SELECT customer_id, uom_id, SUM(quantity)::float8
                  FROM (SELECT delivery.customer_id, tmpl.uom_id, delivery.quantity,
                               ROW_NUMBER() OVER (PARTITION BY delivery.customer_id
                                                  ORDER BY delivery.date, delivery.id) AS seq
                          FROM %(table)s delivery
                          JOIN stock_lot lot ON lot.id = delivery.lot_id
                          JOIN product_product product ON product.id = lot.product_id
                          JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                         WHERE delivery.customer_id = ANY(%(ids)s)) line
                 GROUP BY customer_id, uom_id
                 ORDER BY customer_id, MIN(seq)
                """,
                table=table,
                ids=self.ids,
            )
        )
        units = self.env["uom.uom"].browse({row[1] for row in rows})
        for customer_id, uom_id, quantity in rows:
            summaries[customer_id][2].append((units.browse(uom_id), quantity))
        return summaries

    def unlink(self):
        """Their delivery lines deleted with them (linked without a foreign key constraint,
        ``orm_bypass/unchecked_link.py``)."""
        return unlink_with_unchecked_links(self, super().unlink)

    @api.depends("notified_date", "acknowledged_date")
    def _compute_notification_state(self):
        for customer in self:
            if customer.acknowledged_date:
                customer.notification_state = "acknowledged"
            elif customer.notified_date:
                customer.notification_state = "notified"
            else:
                customer.notification_state = "to_notify"

    @api.depends("partner_id")
    def _compute_display_name(self):
        for customer in self:
            customer.display_name = customer.partner_id.display_name or self.env._(
                "Unknown customer"
            )

    def _get_notification_values(self):
        """What a recompute of the snapshot keeps for this customer."""
        self.ensure_one()
        return {
            "notified_date": self.notified_date,
            "notification_simulated": self.notification_simulated,
            "notified_otherwise": self.notified_otherwise,
            "mail_id": self.mail_id.id,
            "acknowledged_date": self.acknowledged_date,
        }

    def action_notify(self):
        self.recall_id._check_open(self.env._("notifying customers"))
        self._notify()
        return True

    def _check_not_notified(self):
        already = self.filtered("notified_date")
        if already:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: %(customers)s already notified.",
                    recall=already[0].recall_id.name,
                    customers=", ".join(already.mapped("display_name")),
                )
            )

    def action_mark_notified(self):
        """Record that the customers of self were notified without an email from Odoo (by
        phone, visit or letter): the recall can then be closed."""
        self.recall_id._check_open(self.env._("recording a notification"))
        self._check_not_notified()
        self.write({"notified_date": fields.Datetime.now(), "notified_otherwise": True})
        for recall in self.recall_id:
            customers = self.filtered(lambda c, recall=recall: c.recall_id == recall)
            recall.message_post(
                body=self.env._(
                    "Notified without an email, as recorded by %(user)s: %(customers)s",
                    user=self.env.user.name,
                    customers=", ".join(customers.mapped("display_name")),
                )
            )
        return True

    def action_acknowledge(self):
        self.recall_id._check_open(self.env._("recording an acknowledgement"))
        for customer in self:
            if not customer.notified_date:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: %(customer)s was not notified yet.",
                        recall=customer.recall_id.name,
                        customer=customer.display_name,
                    )
                )
        now = fields.Datetime.now()
        for customer in self.filtered(lambda c: not c.acknowledged_date):
            customer.acknowledged_date = now
            customer.recall_id.message_post(
                body=self.env._(
                    "%(customer)s acknowledged the recall notice.",
                    customer=customer.display_name,
                )
            )
        return True

    def _notify(self):
        """Email each customer of self one recall notice (simulated for a mock recall).
        Refuses, sending nothing, when a customer has no email address."""
        no_email = self.filtered(lambda c: not c.recall_id.is_exercise and not c.email)
        if no_email:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: no email address for %(customers)s. Add one to the "
                    "customer, then notify again; no customer was notified.",
                    recall=no_email[0].recall_id.name,
                    customers=", ".join(no_email.mapped("display_name")),
                )
            )
        self._check_not_notified()
        template = self.env.ref("lot_traceability.mail_template_recall_customer_notice")
        now = fields.Datetime.now()
        by_recall = defaultdict(list)
        for customer in self:
            if customer.recall_id.is_exercise:
                customer.write({"notified_date": now, "notification_simulated": True})
                by_recall[customer.recall_id].append(
                    self.env._(
                        "Exercise: would email %(customer)s <%(email)s>",
                        customer=customer.display_name,
                        email=customer.email or self.env._("no email address"),
                    )
                )
                continue
            mail_id = template.send_mail(customer.id, force_send=False)
            customer.write({"notified_date": now, "mail_id": mail_id})
            by_recall[customer.recall_id].append(
                self.env._(
                    "Recall notice emailed to %(customer)s <%(email)s>",
                    customer=customer.display_name,
                    email=customer.email,
                )
            )
        for recall, items in by_recall.items():
            recall.message_post(body=recall._format_list(items))
