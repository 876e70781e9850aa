# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class StockLotEpcisEvent(models.Model):
    """An event of a partner's EPCIS document, kept once (by its eventID) for the lots of our
    genealogy it is about: our received lots and the partner's lots above them (external
    lots). What makes the import idempotent: an event already kept is not imported again."""

    _name = "stock.lot.epcis.event"
    _description = "Partner's EPCIS Event"
    _order = "event_time, id"
    _check_company_auto = True
    _rec_names_search = ["reference", "partner_id"]

    import_id = fields.Many2one(
        "stock.lot.epcis.import", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="import_id.partner_id", store=True, string="Partner")
    reference = fields.Char(
        string="Event ID",
        required=True,
        readonly=True,
        help="The event's eventID (or, when the document gave none, a hash of its content).",
    )
    event_type = fields.Selection(
        [
            ("ObjectEvent", "Object"),
            ("AggregationEvent", "Aggregation"),
            ("TransactionEvent", "Transaction"),
            ("TransformationEvent", "Transformation"),
            ("AssociationEvent", "Association"),
        ],
        string="Type",
        required=True,
        readonly=True,
    )
    event_time = fields.Datetime(required=True, readonly=True)
    biz_step = fields.Char(string="Business Step", readonly=True)
    disposition = fields.Char(readonly=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        "stock_lot_epcis_event_lot_rel",
        "event_id",
        "lot_id",
        string="Lots",
        readonly=True,
        check_company=True,
        help="Our received lots and the partner's lots this event is about.",
    )
    link_ids = fields.One2many("stock.lot.epcis.link", "event_id", readonly=True)

    _sql_constraints = [
        (
            "reference_unique",
            "UNIQUE (company_id, partner_id, reference)",
            "This partner's EPCIS event is imported already.",
        ),
    ]

    @api.depends("event_type", "biz_step", "partner_id", "event_time")
    def _compute_display_name(self):
        types = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            event.display_name = self.env._(
                "%(step)s at %(partner)s, %(date)s",
                step=event.biz_step or types.get(event.event_type, ""),
                partner=event.partner_id.display_name or "",
                date=fields.Date.to_string(event.event_time) if event.event_time else "",
            )
