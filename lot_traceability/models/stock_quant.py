# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.osv import expression


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_gather_domain(
        self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False
    ):
        """Automatic reservation (non-strict gathering, no lot asked for) never picks a lot
        that is not available. A lot chosen explicitly is still found: moving it internally
        stays allowed, and delivering or consuming it is refused when the move is done.
        Context key ``lot_traceability_gather_on_hold`` lifts the restriction."""
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        if (
            not strict
            and not lot_id
            and product_id.tracking != "none"
            and not self.env.context.get("lot_traceability_gather_on_hold")
        ):
            domain = expression.AND(
                [domain, ["|", ("lot_id", "=", False), ("lot_id.trace_status", "=", "available")]]
            )
        return domain

    @api.constrains("quantity")
    def _check_trace_status_quantity(self):
        """The quantity of a quant of a lot on hold written (or created) directly, by RPC
        outside Odoo's own sudo updates, changes stock with no move: refused. Inventory
        adjustments (``inventory_quantity``, applied through done moves) stay the way. A
        constraint, not a ``create`` override: the bulk receipt's one-INSERT quants
        (:mod:`.sql_create`) stay possible."""
        if not self.env.su:
            self.lot_id._check_trace_status_available(self._get_trace_status_direct_write())

    def _get_trace_status_direct_write(self):
        return self.env._("changed by writing its stock directly: count it in an inventory")

    def _check_trace_status_quant_write(self, vals):
        """Moving a quant to another lot directly (RPC, no move) is refused when the lot it
        leaves or the lot it gets is on hold."""
        if self.env.su or "lot_id" not in vals:
            return
        lots = self.lot_id | self.env["stock.lot"].browse(vals["lot_id"] or [])
        lots._check_trace_status_available(self._get_trace_status_direct_write())

    # lots and serials: a bulk receipt of new lots creates their quants in one batch
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        """Under the context key ``lot_traceability_new_quants`` (a
        :class:`~odoo.addons.lot_traceability.models.new_quant_buffer.NewQuantBuffer`),
        the quants of lots that have none yet are collected and created in one batch when the
        receipt is done, instead of one search and one create per move line."""
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            if buffer.accepts(quantity, reserved_quantity, lot_id):
                return buffer.add(
                    product_id, location_id, quantity, lot_id, package_id, owner_id, in_date
                )
            buffer.forget_untracked()
        return super()._update_available_quantity(
            product_id,
            location_id,
            quantity=quantity,
            reserved_quantity=reserved_quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            in_date=in_date,
        )

    def _update_reserved_quantity(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            buffer.forget_untracked()
        return super()._update_reserved_quantity(
            product_id,
            location_id,
            quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )

    def _get_available_quantity(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        """During a bulk receipt (context key ``lot_traceability_new_quants``), the untracked
        quantity that ``stock.move.line._synchronize_quant`` looks for after each line taken
        from the supplier location (to make up for a negative lot quantity) is read once: it
        stays the same until a quant is updated otherwise than in the buffer, which forgets
        it."""

        def compute():
            return super(StockQuant, self)._get_available_quantity(
                product_id,
                location_id,
                lot_id=lot_id,
                package_id=package_id,
                owner_id=owner_id,
                strict=strict,
                allow_negative=allow_negative,
            )

        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is None or not strict or lot_id:
            return compute()
        key = (product_id.id, location_id.id, package_id.id if package_id else False)
        key += (owner_id.id if owner_id else False, allow_negative)
        return buffer.untracked_quantity(key, compute)

    def write(self, vals):
        self._check_trace_status_quant_write(vals)
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            buffer.forget_untracked()
        return super().write(vals)

    def unlink(self):
        buffer = self.env.context.get("lot_traceability_new_quants")
        if buffer is not None:
            buffer.forget_untracked()
        return super().unlink()

    @api.model
    def _get_sql_create_handlers(self):
        """Batch computations of the stored computed quant fields that are not related fields,
        for :func:`~odoo.addons.lot_traceability.models.sql_create.sql_create`: ``{field name:
        function(quant model, rows) -> values}``, each computing what ``stock`` computes for a
        new quant. A stored computed field without one is computed by the ORM after the
        INSERT, as ``create`` does (slower, as exact)."""
        cls = type(self)
        return {
            "inventory_diff_quantity": cls._sql_create_inventory_diff_quantity,
            "inventory_date": cls._sql_create_inventory_date,
        }

    @api.model
    def _sql_create_inventory_diff_quantity(self, rows):
        """``_compute_inventory_diff_quantity``: counted minus on hand quantity, both rounded
        as in the cache."""
        rounded = {}

        def cached(name, value):
            key = (name, value)
            if key not in rounded:
                rounded[key] = self._fields[name].convert_to_cache(value, self)
            return rounded[key]

        return [
            cached("inventory_quantity", row.get("inventory_quantity"))
            - cached("quantity", row["quantity"])
            for row in rows
        ]

    @api.model
    def _sql_create_inventory_date(self, rows):
        """``_compute_inventory_date``: the next inventory date of internal and transit
        locations."""
        locations = self.env["stock.location"].browse({row["location_id"] for row in rows})
        date_by_location = {
            location.id: location._get_next_inventory_date()
            if location.usage in ("internal", "transit")
            else False
            for location in locations
        }
        return [date_by_location[row["location_id"]] for row in rows]
