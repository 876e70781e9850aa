# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: the scheduled status digest of the open recalls."""

from odoo import Command, api, models


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def _get_digest_recipients(self):
        self.ensure_one()
        return self.responsible_id.partner_id | self.message_partner_ids

    @api.model
    def _cron_send_status_digest(self):
        """Queue one status digest email per open recall to its responsible and followers."""
        template = self.env.ref("lot_traceability.mail_template_recall_digest")
        for recall in self.search([("state", "=", "open")]):
            partners = recall._get_digest_recipients().filtered("email")
            if not partners:
                continue
            template.send_mail(
                recall.id,
                force_send=False,
                email_values={"recipient_ids": [Command.set(partners.ids)]},
            )
            recall.message_post(
                body=self.env._(
                    "Status digest queued for %(recipients)s.",
                    recipients=", ".join(partners.mapped("name")),
                )
            )
        return True
