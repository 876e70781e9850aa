# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, float_round


class TraceabilityRecallLineMixin(models.AbstractModel):
    """What every line of a recall's affected-set snapshot shares: its recall and company,
    and the rule that a closed recall's snapshot no longer changes."""

    _name = "stock.lot.recall.line.mixin"
    _description = "Recall Snapshot Line"

    # Fields that may still change once the recall is closed.
    _editable_when_closed = ()

    recall_id = fields.Many2one(
        "stock.lot.recall", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        recalls = self.env["stock.lot.recall"].browse(
            {vals["recall_id"] for vals in vals_list if vals.get("recall_id")}
        )
        recalls._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - set(self._editable_when_closed):
            self.recall_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self.recall_id._check_editable()


class TraceabilityRecallLot(models.Model):
    _name = "stock.lot.recall.lot"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Affected Lot"
    _order = "recall_id, depth, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    depth = fields.Integer(
        readonly=True, help="0 for a suspect lot, 1 for what was made from it, and so on."
    )
    suspect_lot_id = fields.Many2one(
        "stock.lot", string="From Suspect Lot", readonly=True, help="The suspect lot it comes from."
    )
    trace_status = fields.Selection(related="lot_id.trace_status")
    # Quantities in each lot's own unit: never summed when the lines are grouped.
    qty_in = fields.Float(
        string="Received / Produced",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Done quantity that entered the company's stock: received from suppliers, "
        "produced, or found by an inventory adjustment.",
    )
    qty_consumed = fields.Float(
        string="Consumed",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Consumed by manufacturing orders (into other lots).",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered to customers, net of customer returns.",
    )
    qty_returned = fields.Float(
        string="Returned to Suppliers",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
    )
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_scrapped = fields.Float(
        string="Scrapped", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_inventory_loss = fields.Float(
        string="Inventory Losses",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
        help="Written off by inventory adjustments (counted less than on hand): part of the "
        "unaccounted quantity, its fate is unknown. Only Traceability managers can write off "
        "a lot on hold.",
    )
    qty_unaccounted = fields.Float(
        string="Unaccounted",
        digits="Product Unit of Measure",
        aggregator=None,
        compute="_compute_qty_unaccounted",
        store=True,
        help="Mass balance: received / produced minus consumed, delivered, returned, on hand "
        "and scrapped. Anything but zero is stock whose fate is unknown (lost, in transit, "
        "found without a receipt).",
    )
    is_unaccounted = fields.Boolean(compute="_compute_qty_unaccounted", store=True)

    @api.depends(
        "qty_in", "qty_consumed", "qty_delivered", "qty_returned", "qty_on_hand", "qty_scrapped"
    )
    def _compute_qty_unaccounted(self):
        for line in self:
            rounding = line.lot_id.product_id.uom_id.rounding or 0.01
            unaccounted = float_round(
                line.qty_in
                - line.qty_consumed
                - line.qty_delivered
                - line.qty_returned
                - line.qty_on_hand
                - line.qty_scrapped,
                precision_rounding=rounding,
            )
            line.qty_unaccounted = unaccounted
            line.is_unaccounted = not float_is_zero(unaccounted, precision_rounding=rounding)


class TraceabilityRecallCustomer(models.Model):
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
        for customer in self:
            customer.lot_ids = customer.delivery_ids.lot_id
            customer.delivery_count = len(customer.delivery_ids)
            customer.quantity_summary = customer.delivery_ids._format_quantities()

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


class TraceabilityRecallDelivery(models.Model):
    _name = "stock.lot.recall.delivery"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Delivery"
    _order = "recall_id, date, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    customer_id = fields.Many2one(
        "stock.lot.recall.customer",
        string="Recall Customer",
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(related="customer_id.partner_id", string="Customer", store=True)
    address_id = fields.Many2one("res.partner", string="Delivery Address", readonly=True)
    date = fields.Datetime(readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Document", readonly=True)
    move_line_id = fields.Many2one("stock.move.line", readonly=True, ondelete="set null")
    quantity = fields.Float(
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered quantity; negative for a customer return.",
    )
    is_return = fields.Boolean(compute="_compute_is_return")

    @api.depends("quantity")
    def _compute_is_return(self):
        for line in self:
            line.is_return = line.quantity < 0

    def _format_quantities(self):
        """'12 Units, 3.5 kg': the net quantity of self per unit of measure."""
        totals = defaultdict(float)
        for line in self:
            totals[line.uom_id] += line.quantity
        return ", ".join(
            f"{float_round(qty, precision_rounding=uom.rounding or 0.01):g} {uom.name}"
            for uom, qty in totals.items()
        )


class TraceabilityRecallOnhand(models.Model):
    _name = "stock.lot.recall.onhand"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall On-Hand Quantity"
    _order = "recall_id, lot_id, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    location_id = fields.Many2one("stock.location", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True, aggregator=None)
    held_date = fields.Datetime(string="Held On", readonly=True)
    trace_status = fields.Selection(related="lot_id.trace_status")
    held = fields.Boolean(
        compute="_compute_held",
        help="Held by the recall's Hold Stock and its lot still not available (or simulated "
        "in a mock recall).",
    )

    @api.depends("held_date", "lot_id.trace_status", "recall_id.is_exercise")
    def _compute_held(self):
        for onhand in self:
            onhand.held = bool(onhand.held_date) and (
                onhand.recall_id.is_exercise or onhand.lot_id.trace_status != "available"
            )


class TraceabilityRecallShipment(models.Model):
    _name = "stock.lot.recall.shipment"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Shipment to Stop"
    _order = "recall_id, date, id"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    move_line_id = fields.Many2one("stock.move.line", readonly=True, ondelete="set null")
    picking_id = fields.Many2one("stock.picking", string="Document", readonly=True)
    address_id = fields.Many2one("res.partner", string="Delivery Address", readonly=True)
    date = fields.Datetime(string="Scheduled", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True, aggregator=None)
    stopped_date = fields.Datetime(string="Stopped On", readonly=True)
