# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: notices to the customers who received affected lots and to the vendors
of the suspect lots (simulated for a mock recall)."""

from odoo import Command, fields, models
from odoo.exceptions import UserError


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def action_notify_customers(self):
        self._check_open(self.env._("notifying customers"))
        for recall in self:
            customers = recall.customer_ids.filtered(lambda c: not c.notified_date)
            if not customers:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: every customer is already notified.", recall=recall.name
                    )
                )
            customers._notify()
        return True

    def action_notify_suppliers(self):
        """Email each vendor of the supplier side one notice listing the lots it supplied
        (simulated for a mock recall). Refuses, sending nothing, when a vendor has no email
        address or there is no vendor to notify."""
        self._check_open(self.env._("notifying suppliers"))
        template = self.env.ref("lot_traceability.mail_template_recall_supplier")
        for recall in self:
            receipts = recall.supplier_receipt_ids.filtered(
                lambda receipt: receipt.partner_id and not receipt.notified_date
            )
            if not receipts:
                raise UserError(
                    self.env._("Recall %(recall)s: no supplier left to notify.", recall=recall.name)
                )
            vendors = receipts.partner_id
            no_email = vendors.filtered(lambda vendor: not vendor.email)
            if no_email and not recall.is_exercise:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: %(vendors)s has no email address; nothing was sent."
                        " Add the address, or tell the supplier otherwise.",
                        recall=recall.name,
                        vendors=", ".join(no_email.mapped("display_name")),
                    )
                )
            for vendor in vendors:
                if not recall.is_exercise:
                    template.with_context(lt_supplier_id=vendor.id).send_mail(
                        recall.id,
                        force_send=False,
                        email_values={"recipient_ids": [Command.set(vendor.ids)]},
                    )
            receipts.write({"notified_date": fields.Datetime.now()})
            names = ", ".join(vendors.mapped("display_name"))
            recall.message_post(
                body=self.env._(
                    "Suppliers notified (simulated, mock recall): %(vendors)s", vendors=names
                )
                if recall.is_exercise
                else self.env._("Suppliers notified: %(vendors)s", vendors=names)
            )
        return True
