# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotAssign(models.TransientModel):
    """Hand serialized assets over to a person (a contact), or take them back."""

    _name = "stock.lot.assign"
    _description = "Assign Serial Numbers"

    lot_ids = fields.Many2many(
        "stock.lot",
        string="Serial Numbers",
        required=True,
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Assign To", help="Leave empty to record that the asset came back."
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "stock.lot" and "lot_ids" in fields_list:
            res["lot_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def _check_lots(self):
        lots = self.lot_ids
        # the assignment is created with sudo(): the user must see every serial here
        lots.check_access("read")
        if self.date > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "The hand-over date %(date)s is in the future.",
                    date=fields.Datetime.to_string(self.date),
                )
            )
        late = lots.filtered(
            lambda lot: lot.asset_assignment_ids
            and max(lot.asset_assignment_ids.mapped("date")) > self.date
        )
        if late:
            raise UserError(
                self.env._(
                    "%(lots)s changed hands after %(date)s: record a later hand-over.",
                    lots=", ".join(late.mapped("name")),
                    date=fields.Datetime.to_string(self.date),
                )
            )
        not_serial = lots.filtered(lambda lot: lot.product_id.tracking != "serial")
        if not_serial:
            raise UserError(
                self.env._(
                    "Only serial numbers can be assigned to a person, not lots: %(lots)s.",
                    lots=", ".join(not_serial.mapped("display_name")),
                )
            )
        if self.partner_id:
            lots._check_trace_status_available(self.env._("assigned to a person"))
            already = lots.filtered(lambda lot: lot.asset_holder_id == self.partner_id)
            if already:
                raise UserError(
                    self.env._(
                        "%(lots)s already held by %(partner)s.",
                        lots=", ".join(already.mapped("name")),
                        partner=self.partner_id.display_name,
                    )
                )
        else:
            unassigned = lots.filtered(lambda lot: not lot.asset_holder_id)
            if unassigned:
                raise UserError(
                    self.env._(
                        "%(lots)s held by nobody: there is nothing to take back.",
                        lots=", ".join(unassigned.mapped("name")),
                    )
                )

    def _prepare_assignment_vals(self, lot):
        return {
            "lot_id": lot.id,
            "date": self.date,
            "partner_from_id": lot.asset_holder_id.id,
            "partner_to_id": self.partner_id.id,
            "note": self.note,
        }

    def action_assign(self):
        self.ensure_one()
        self._check_lots()
        # recorded by this operation only: users have no create access on assignments
        self.env["stock.lot.assignment"].sudo().create(
            [self._prepare_assignment_vals(lot) for lot in self.lot_ids]
        )
        return {"type": "ir.actions.act_window_close"}
