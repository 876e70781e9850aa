# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Serialized assets: who holds the serial (its assignments) and its lifetime timeline."""

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    asset_assignment_ids = fields.One2many(
        "stock.lot.assignment", "lot_id", string="Assignments", readonly=True
    )
    asset_holder_id = fields.Many2one(
        "res.partner",
        string="Holder",
        compute="_compute_asset_holder",
        store=True,
        index="btree_not_null",
        help="The person (contact) who holds this serialized asset, from its last assignment.",
    )
    asset_assigned_date = fields.Datetime(
        string="Held Since", compute="_compute_asset_holder", store=True
    )
    timeline_ids = fields.One2many("stock.lot.timeline", "lot_id", string="Timeline", readonly=True)

    @api.depends("asset_assignment_ids.date", "asset_assignment_ids.partner_to_id")
    def _compute_asset_holder(self):
        for lot in self:
            last = lot.asset_assignment_ids.sorted(lambda a: (a.date, a.id))[-1:]
            lot.asset_holder_id = last.partner_to_id
            lot.asset_assigned_date = last.date if last.partner_to_id else False

    def action_asset_assign(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_assign_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action
