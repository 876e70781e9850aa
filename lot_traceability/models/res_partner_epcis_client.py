# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

TRACEABILITY_KEY_GROUPS = "lot_traceability.group_traceability_manager,base.group_system"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # EPCIS import: where *Fetch from Supplier* asks for this supplier's events
    epcis_endpoint_url = fields.Char(
        string="EPCIS Endpoint",
        help="The supplier's EPCIS 2.0 query interface, e.g. https://mill.example.com/epcis: "
        "Fetch from Supplier (on a receipt) asks <endpoint>/events for the events of the lots "
        "received from this supplier.",
    )
    epcis_api_key = fields.Char(
        string="EPCIS API Key",
        groups=TRACEABILITY_KEY_GROUPS,
        copy=False,
        help="The API key the supplier gave us for its EPCIS endpoint (sent as a bearer "
        "token). Read by Traceability managers and administrators only.",
    )
