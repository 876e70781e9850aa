# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.epcis import gs1_check_digit, is_valid_gln


def check_gln(records, field_name="global_location_number"):
    """Raise a ValidationError naming the first record of ``records`` whose GLN is not 13
    digits with a valid GS1 check digit."""
    for record in records:
        gln = record[field_name]
        if gln and not is_valid_gln(gln):
            expected = gs1_check_digit(gln[:-1]) if len(gln) == 13 and gln.isdigit() else None
            raise ValidationError(
                records.env._(
                    "The GLN %(gln)s of %(record)s is not valid: a GLN has 13 digits, the last "
                    "one a GS1 check digit%(hint)s.",
                    gln=gln,
                    record=record.display_name,
                    hint=records.env._(" (expected %(digit)s)", digit=expected) if expected else "",
                )
            )


class ResPartner(models.Model):
    _inherit = "res.partner"

    # supply-chain traceability (FSMA 204 location descriptions, EPCIS parties and locations)
    # Same field as Odoo's account_add_gln, so that both modules share it.
    global_location_number = fields.Char(
        string="GLN",
        size=13,
        help="GS1 Global Location Number of this company or address (13 digits). Identifies "
        "it as a party and a location in the EPCIS documents and the FSMA 204 spreadsheet.",
    )
    epcis_access = fields.Boolean(
        string="EPCIS Partner Access",
        help="Users of this contact (portal users, or users whose contact is this one) may read, "
        "with their API key, the tracking events of the lots delivered to this contact at "
        "/epcis/events.",
    )

    @api.constrains("global_location_number")
    def _check_global_location_number(self):
        check_gln(self)
