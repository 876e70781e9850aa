# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models, tools

from ..orm_bypass.unchecked_link import find_unchecked_links


class StockLotRecallLineMixin(models.AbstractModel):
    """What every line of a recall's affected-set snapshot shares: its recall and company,
    and the rule that a closed recall's snapshot no longer changes."""

    _name = "stock.lot.recall.line.mixin"
    _description = "Recall Snapshot Line"

    # Fields that may still change once the recall is closed.
    _editable_when_closed = ()

    recall_id = fields.Many2one(
        "stock.lot.recall", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True, index=True)

    @api.model
    @tools.ormcache("model_name")
    def _get_unchecked_links(self, model_name):
        """The snapshot lines' links to ``model_name`` kept without a foreign key constraint
        (``orm_bypass/unchecked_link.py``), whose ``ondelete`` its ``unlink`` does."""
        return find_unchecked_links(self.env.registry, model_name)

    @api.model
    def _get_snapshot_create_handlers(self):
        """Batch functions of the line's stored computed fields for ``sql_create`` (see its
        ``handlers``), when the snapshot is written by the recall: none by default."""
        return {}

    @api.model_create_multi
    def create(self, vals_list):
        recalls = self.env["stock.lot.recall"].browse(
            {vals["recall_id"] for vals in vals_list if vals.get("recall_id")}
        )
        recalls._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - set(self._editable_when_closed):
            self.recall_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self.recall_id._check_editable()
