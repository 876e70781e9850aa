# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLotInspection(models.Model):
    """The release inspection of a lot received in quarantine (positive release): its result,
    notes and the supplier's certificate of analysis; who inspected and when are set by the
    system. Inspections are a record: never changed nor deleted once written."""

    _name = "stock.lot.inspection"
    _description = "Lot Release Inspection"
    _order = "date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    supplier_id = fields.Many2one(related="lot_id.supplier_id")
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], required=True, readonly=True)
    notes = fields.Text(readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Certificate of Analysis",
        readonly=True,
        help="The supplier's certificate of analysis (and any other inspection document).",
    )
    user_id = fields.Many2one("res.users", string="Inspected By", required=True, readonly=True)
    date = fields.Datetime(string="Inspected On", required=True, readonly=True)
    return_picking_id = fields.Many2one(
        "stock.picking",
        string="Return to Supplier",
        readonly=True,
        help="The return of the failed lot's stock to its supplier.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # who and when are the system's, never the caller's
            vals.update({"user_id": self.env.uid, "date": fields.Datetime.now()})
        inspections = super().create(vals_list)
        for inspection in inspections:
            inspection.attachment_ids.sudo().write(
                {"res_model": self._name, "res_id": inspection.id}
            )
        return inspections

    def write(self, vals):
        if set(vals) - {"return_picking_id"}:
            raise UserError(self.env._("An inspection is a record: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An inspection is a record: it cannot be deleted."))

    def action_return_to_supplier(self):
        """Return the lot's stock to its supplier (see ``stock.lot.action_return_to_supplier``)."""
        self.ensure_one()
        return self.lot_id.action_return_to_supplier()
