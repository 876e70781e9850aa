# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockLotEpcisLink(models.Model):
    """A link of the genealogy known from a partner's EPCIS TransformationEvent: the input lot
    went into the output lot at the partner's (e.g. the mill's wheat lot into the flour lot we
    received). The genealogy engine walks these next to Odoo's own consume/produce links
    (``stock.lot.genealogy._edges_sql``): the trace screen, the Upstream count, Item Details and
    a recall reach the partner's lots through them. Written by the import only."""

    _name = "stock.lot.epcis.link"
    _description = "Lot Link from a Partner's EPCIS Event"
    _order = "date, id"
    _check_company_auto = True

    event_id = fields.Many2one(
        "stock.lot.epcis.event", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    input_lot_id = fields.Many2one(
        "stock.lot",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    output_lot_id = fields.Many2one(
        "stock.lot",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    input_quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    input_uom = fields.Char(
        readonly=True, help="UN/CEFACT unit code of the input quantity (none: a count of items)."
    )
    output_quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    output_uom = fields.Char(readonly=True)
    date = fields.Datetime(related="event_id.event_time", store=True)

    _sql_constraints = [
        (
            "event_input_output_unique",
            "UNIQUE (event_id, input_lot_id, output_lot_id)",
            "An EPCIS event links two lots once.",
        ),
    ]
