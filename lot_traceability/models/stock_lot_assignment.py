# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class StockLotAssignment(models.Model):
    """One hand-over of a serialized asset: from whom to whom, when, recorded by whom.

    The holder is a contact (res.partner), not a user or an employee: the person holding a
    tool, a laptop or a demo unit often has no Odoo login, may be a contractor or a customer's
    site, and every employee already has a work contact; so no hr dependency is needed and an
    hr module can map employees onto their work contact later.

    An assignment is recorded by the *Assign* operation only (``stock.lot.assign``): nobody
    has create access (RPC included), the wizard creates it with ``sudo()`` after its checks.
    Who recorded it (``user_id``) is set here, never taken from the values; the hand-over
    ``date`` is the one the wizard accepted (not in the future, not before the serial's last
    hand-over), now when none is given. Managers may only correct the note."""

    _name = "stock.lot.assignment"
    _description = "Serial Number Assignment"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "lot_id"

    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    partner_from_id = fields.Many2one("res.partner", string="From", index=True)
    partner_to_id = fields.Many2one(
        "res.partner", string="To", index=True, help="Empty when the asset was returned."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
    )
    note = fields.Text()

    @api.constrains("lot_id")
    def _check_serial(self):
        for assignment in self:
            if assignment.lot_id.product_id.tracking != "serial":
                raise ValidationError(
                    self.env._(
                        "Only serial numbers can be assigned to a person: %(lot)s of %(product)s"
                        " is a lot.",
                        lot=assignment.lot_id.name,
                        product=assignment.lot_id.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # who recorded it is the system's: env.uid stays the real user under sudo()
            vals["user_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - self._get_writable_fields():
            raise AccessError(
                self.env._(
                    "An assignment records a hand-over: only its note can be changed"
                    " (%(fields)s).",
                    fields=", ".join(sorted(set(vals) - self._get_writable_fields())),
                )
            )
        return super().write(vals)

    @api.model
    def _get_writable_fields(self):
        """Fields a user with write access may change on a recorded hand-over."""
        return {"note"}
