# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recalls of a lot (as a suspect or an affected lot) and Start a Recall from the lot."""

from collections import defaultdict

from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    recall_ids = fields.Many2many(
        "stock.lot.recall",
        compute="_compute_recall_ids",
        help="Recalls (not cancelled) in which this lot is a suspect or an affected lot.",
    )
    recall_count = fields.Integer(compute="_compute_recall_ids")
    open_recall_ids = fields.Many2many(
        "stock.lot.recall", string="Open Recalls", compute="_compute_recall_ids"
    )

    def _compute_recall_ids(self):
        recall_ids_by_lot = defaultdict(set)
        lots = self.filtered("id")
        if lots:
            for lot, recalls in self.env["stock.lot.recall.lot"]._read_group(
                [("lot_id", "in", lots.ids), ("recall_id.state", "!=", "cancelled")],
                ["lot_id"],
                ["recall_id:array_agg"],
            ):
                recall_ids_by_lot[lot.id].update(recalls)
            for recall in self.env["stock.lot.recall"].search(
                [("suspect_lot_ids", "in", lots.ids), ("state", "!=", "cancelled")]
            ):
                for lot in recall.suspect_lot_ids & lots:
                    recall_ids_by_lot[lot.id].add(recall.id)
        for lot in self:
            recalls = self.env["stock.lot.recall"].browse(sorted(recall_ids_by_lot[lot.id]))
            lot.recall_ids = recalls
            lot.recall_count = len(recalls)
            lot.open_recall_ids = recalls.filtered(lambda recall: recall.state == "open")

    def action_view_recalls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_recall_action"
        )
        action["domain"] = [("id", "in", self.recall_ids.ids)]
        action["context"] = {"default_suspect_lot_ids": [self.id]}
        return action

    def action_start_recall(self):
        """A new recall starting from this lot: the recall form with its suspect lot filled
        in, for the manager to give the reason and save (a draft until opened)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_recall_action"
        )
        action.update(
            {
                "name": self.env._("Start a Recall"),
                "views": [(False, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_suspect_mode": "lots",
                    "default_suspect_lot_ids": [self.id],
                    "default_company_id": (self.company_id or self.env.company).id,
                },
            }
        )
        action.pop("res_id", None)
        return action
