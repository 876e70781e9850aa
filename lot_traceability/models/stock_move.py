# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # lots and serials: numbering rules in "Generate Serials/Lots"
    @api.model
    def action_generate_lot_line_vals(self, context, mode, first_lot, count, lot_text):
        """Left empty, the first lot/serial number of the "Generate" dialog of a receipt
        comes from the product's numbering rule (or Odoo's next number)."""
        move = self
        if mode == "generate" and not first_lot and context.get("default_product_id"):
            company = self.env["res.company"].browse(context.get("default_company_id"))
            move = self.with_context(
                lot_traceability_numbering_product_id=context["default_product_id"],
                lot_traceability_numbering_values={"company": company or self.env.company},
            )
        return super(StockMove, move).action_generate_lot_line_vals(
            context, mode, first_lot, count, lot_text
        )

    def _generate_serial_numbers(self, next_serial, next_serial_count=False, location_id=False):
        move = self
        if not next_serial:
            move = self.with_context(
                lot_traceability_numbering_product_id=self.product_id.id,
                lot_traceability_numbering_values={"company": self.company_id},
            )
        return super(StockMove, move)._generate_serial_numbers(
            next_serial, next_serial_count, location_id
        )

    # lots and serials: a move written done (RPC) delivers or consumes its lots like one done
    # by _action_done
    def write(self, vals):
        becoming_done = self.browse()
        if vals.get("state") == "done":
            becoming_done = self.filtered(lambda move: move.state != "done")
        result = super().write(vals)
        if becoming_done:
            becoming_done.move_line_ids._check_trace_status_becoming_done()
        return result
