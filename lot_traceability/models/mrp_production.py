# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .stock_move_line import with_genealogy_operation


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # lots and serials: numbering rules, production date, lot status of components
    def _prepare_stock_lot_values(self):
        self.ensure_one()
        values = self._prepare_lot_numbering_values()
        if self.product_id._get_lot_numbering_rule(self.company_id):
            vals = {
                "product_id": self.product_id.id,
                "name": self.product_id._propose_lot_names(1, values)[0],
            }
        else:
            vals = super()._prepare_stock_lot_values()
        vals.setdefault("production_date", values["production_date"])
        return vals

    def _prepare_lot_numbering_values(self):
        """What the numbering rule of the finished product gets to name its lot."""
        self.ensure_one()
        return {
            "company": self.company_id,
            "production_date": fields.Date.context_today(self),
        }

    def _set_finished_lots_production_date(self):
        """The lots an order produced record the day it was done (in the user's time zone)
        when they have no production date yet: lots typed on the order, made by a build."""
        for production in self:
            lots = production.move_finished_ids.filtered(
                lambda move: move.state == "done"
            ).move_line_ids.lot_id.filtered(lambda lot: not lot.production_date)
            if lots:
                # today, not the order's planned end: Odoo writes ``date_finished`` after
                # ``_post_inventory`` (an order started in the evening ended "tomorrow")
                lots.production_date = fields.Date.context_today(production)

    def _button_mark_done_sanity_checks(self):
        res = super()._button_mark_done_sanity_checks()
        self.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        ).move_line_ids._check_trace_status()
        return res

    def _post_inventory(self, cancel_backorder=False):
        # genealogy: the order links its finished lines to its component lines (Odoo writes
        # consume_line_ids of done lines), an operation that makes links
        res = super(MrpProduction, with_genealogy_operation(self))._post_inventory(
            cancel_backorder=cancel_backorder
        )
        self._set_finished_lots_production_date()
        return res
