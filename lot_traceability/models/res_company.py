# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


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

    # release on receipt and expiry
    trace_expiry_hold_date = fields.Selection(
        [("expiration_date", "Expiration Date"), ("removal_date", "Removal Date")],
        string="Hold Lots Past Their",
        default="expiration_date",
        required=True,
        help="The daily scheduled action puts the lots in stock past this date on hold "
        "(blocked, reason Expired).",
    )
