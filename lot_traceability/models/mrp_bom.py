# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class MrpBomLine(models.Model):
    """A composition list is a bill of materials; a slot names the one serial a line takes."""

    _inherit = "mrp.bom.line"

    trace_slot = fields.Char(
        string="Slot",
        help="For a serialized component: the place the serial goes to (e.g. Left engine). "
        "A slot takes exactly one serial per built unit; use one line per slot.",
    )

    @api.constrains("trace_slot", "product_id", "product_qty", "product_uom_id")
    def _check_trace_slot(self):
        for line in self.filtered("trace_slot"):
            if line.product_id.tracking != "serial":
                raise ValidationError(
                    self.env._(
                        "Slot %(slot)s: only components tracked by serial number take a slot, "
                        "%(product)s is not.",
                        slot=line.trace_slot,
                        product=line.product_id.display_name,
                    )
                )
            qty = line.product_uom_id._compute_quantity(line.product_qty, line.product_id.uom_id)
            if float_compare(qty, 1.0, precision_rounding=line.product_id.uom_id.rounding):
                raise ValidationError(
                    self.env._(
                        "Slot %(slot)s takes exactly one serial of %(product)s: set its "
                        "quantity to 1.",
                        slot=line.trace_slot,
                        product=line.product_id.display_name,
                    )
                )
