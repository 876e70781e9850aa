# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.stock_lot_label import MAX_COPIES


class LotTraceabilityLabelPrint(models.TransientModel):
    """*Print > Traceability Labels* of lots and of transfers (their lots): which labels, in
    which format, how many copies of each."""

    _name = "stock.lot.label.print"
    _description = "Print Traceability Labels"

    lot_ids = fields.Many2many("stock.lot", string="Lots/Serial Numbers", required=True)
    label_format = fields.Selection(
        [
            ("label", "Label printer, 57 x 32 mm (PDF)"),
            ("a4", "A4 sheets of 3 x 7 labels (PDF)"),
            ("zpl", "Zebra printer (ZPL)"),
        ],
        string="Format",
        required=True,
        default="label",
    )
    copies = fields.Integer(
        string="Copies of Each Label",
        required=True,
        default=1,
        help="A4 sheets are filled cell by cell: the copies of a label follow each other.",
    )

    @api.constrains("copies")
    def _check_copies(self):
        for wizard in self:
            if not 1 <= wizard.copies <= MAX_COPIES:
                raise ValidationError(
                    self.env._("Print from 1 to %(max)s copies of each label.", max=MAX_COPIES)
                )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "lot_ids" in fields_list and not res.get("lot_ids"):
            res["lot_ids"] = [fields.Command.set(self._get_default_lots().ids)]
        return res

    @api.model
    def _get_default_lots(self):
        """The lots of the records the wizard was opened from: lots, or transfers' lots."""
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "stock.lot":
            return self.env["stock.lot"].browse(ids)
        if model == "stock.picking":
            return self.env["stock.picking"].browse(ids).move_line_ids.lot_id
        return self.env["stock.lot"]

    def action_print(self):
        self.ensure_one()
        return self.env["stock.lot.label"]._get_report_action(
            self.lot_ids, self.label_format, copies=self.copies
        )
