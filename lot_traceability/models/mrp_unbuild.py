# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, models

from .stock_move_line import with_genealogy_operation


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    # genealogy: the unbuild links the components it gives back to the unbuilt lot (Odoo writes
    # produce_line_ids of done lines), an operation that makes links; lot status: the
    # components of an unbuilt lot on hold come back on hold
    def action_unbuild(self):
        result = super(MrpUnbuild, with_genealogy_operation(self)).action_unbuild()
        self._hold_unbuilt_components()
        return result

    def _hold_unbuilt_components(self):
        """Put the component lots that the unbuild of a lot on hold gave back on the same hold,
        the reason naming the unbuilt lot, and take them off the deliveries and
        manufacturing orders that reserved them. Components already on hold keep their status
        and reason."""
        for unbuild in self:
            lot = unbuild.lot_id
            if not lot or lot.trace_status == "available":
                continue
            # Odoo's unbuild moves (unbuild_id) take the unbuilt lot and its byproducts in
            # and give the components back (from the production location)
            lines = unbuild.produce_line_ids.move_line_ids.filtered(
                lambda line: line.state == "done"
                and line.location_id.usage == "production"
                and line.quantity > 0
            )
            components = (lines.lot_id - lot).filtered(
                lambda component: component.trace_status == "available"
            )
            if not components:
                continue
            status = dict(lot._fields["trace_status"]._description_selection(self.env))[
                lot.trace_status
            ]
            # the unbuild puts them on hold, whoever unbuilds (stock.lot allows holds to
            # Traceability users only)
            components = components.with_user(SUPERUSER_ID)
            components.write(
                {
                    "trace_status": lot.trace_status,
                    "trace_status_reason": self.env._(
                        "Unbuilt from lot %(lot)s of %(product)s (%(status)s: %(reason)s)",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        status=status,
                        reason=lot.trace_status_reason or self.env._("none given"),
                    ),
                }
            )
            components._unreserve_refused_operations()
