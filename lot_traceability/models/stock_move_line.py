# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.tools import SQL, float_compare
from odoo.tools.sql import column_exists, create_column

from .check_company import check_company_in_batch, checks_as_base


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # genealogy: a delivery line's address, stored (Odoo computes it on the fly) so that the
    # recall reads it from the lines' index (stock_move_line_done_lot_cover_index) instead of
    # looking up each delivery's transfer; precomputed: written by the line's INSERT, not by
    # an UPDATE after it
    picking_partner_id = fields.Many2one(
        related="picking_id.partner_id", store=True, precompute=True
    )

    def _auto_init(self):
        """Create and fill ``picking_partner_id`` with one UPDATE when the module is installed,
        instead of the ORM recomputing it line by line (a million lines)."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "picking_partner_id"):
            create_column(cr, self._table, "picking_partner_id", "int4")
            cr.execute(
                SQL(
                    """
                    UPDATE stock_move_line line SET picking_partner_id = picking.partner_id
                      FROM stock_picking picking
                     WHERE picking.id = line.picking_id AND picking.partner_id IS NOT NULL
                    """
                )
            )
            # the new column has no statistics (autovacuum may be off): ANALYZE it alone
            cr.execute(SQL("ANALYZE stock_move_line (picking_partner_id)"))
        return super()._auto_init()

    @api.model
    def _drop_picking_partner_column(self):
        """Drop the column of ``picking_partner_id`` (module uninstall): Odoo computes the
        field on the fly, and a reinstall must fill the column again (``_auto_init``)."""
        self.env.cr.execute(
            SQL("ALTER TABLE stock_move_line DROP COLUMN IF EXISTS picking_partner_id")
        )

    def init(self):
        result = super().init()
        # Odoo has no index on lot_id. Every delivery lookup of the genealogy (and the walk's
        # unbuild links) reads the done lines of a lot, filtered on their locations: the
        # locations are in the index, so lines that are not deliveries are skipped in the
        # index. The columns a delivery reads are included, its address too: an index-only
        # scan, no line nor transfer is read from its table. Dropped at uninstall with the
        # genealogy's other indexes (GENEALOGY_INDEXES).
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS stock_move_line_done_lot_cover_index
                    ON stock_move_line (lot_id, location_id, location_dest_id, id)
                    INCLUDE (picking_id, picking_partner_id, move_id, product_id, company_id,
                             date, quantity_product_uom)
                 WHERE state = 'done' AND lot_id IS NOT NULL
                """
            )
        )
        return result

    # lots and serials: lot status enforcement, supplier of received lots
    @api.onchange("lot_id")
    def _onchange_lot_id_trace_status(self):
        operation = self._get_trace_status_operation()
        message = operation and self.lot_id._get_trace_status_refusal(operation)
        if message:
            return {"warning": {"title": _("Lot on hold"), "message": message}}

    def _get_trace_status_operation(self):
        """What doing this line does with its lot that a lot on hold may not undergo, as the
        words completing "Lot X cannot be …"; False when the line may move a lot on hold
        (internal moves, scrap, returns from customers, unbuild, inventory adjustments)."""
        self.ensure_one()
        if self.location_dest_id.usage == "customer":
            return _("delivered to a customer")
        if self.location_dest_id.usage == "production" and not self.move_id.unbuild_id:
            return _("consumed in manufacturing")
        return False

    def _check_trace_status(self):
        """Raise a UserError naming the lot, its status and reason when a line of self would
        deliver or consume a lot that is not available. Reusable by any wizard that moves
        lots."""
        for line in self:
            if (
                line.lot_id
                and line.lot_id.trace_status != "available"
                and float_compare(line.quantity, 0, precision_rounding=line.product_uom_id.rounding)
                > 0
            ):
                operation = line._get_trace_status_operation()
                if operation:
                    line.lot_id._check_trace_status_available(operation)

    def _action_done(self):
        self._check_trace_status()
        return super()._action_done()

    def _check_company(self, fnames=None):
        """Odoo's check, once per company and field for all lines (see
        :mod:`..check_company`): done receipts of thousands of lines check them all."""
        if (
            len(self) > 1
            and checks_as_base(self, StockMoveLine)
            and check_company_in_batch(self, fnames)
        ):
            return None
        return super()._check_company(fnames)

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        picking = self.picking_id or self.move_id.picking_id
        if (
            picking.partner_id
            and picking.picking_type_id.code == "incoming"
            and self.location_id.usage == "supplier"
        ):
            vals.setdefault("supplier_id", picking.partner_id.commercial_partner_id.id)
        return vals

    @api.model
    def _get_sql_create_handlers(self):
        """Batch computations of stored computed fields of new move lines for
        :func:`~odoo.addons.lot_traceability.models.sql_create.sql_create` (see
        ``stock.quant``'s); the others are computed by the ORM after the INSERT."""
        return {"quantity_product_uom": type(self)._sql_create_quantity_product_uom}

    @api.model
    def _sql_create_quantity_product_uom(self, rows):
        """``_compute_quantity_product_uom``: the quantity in the product's unit, once per
        distinct quantity, unit and product."""
        quantity_field = self._fields["quantity"]
        converted = {}
        values = []
        for row in rows:
            key = (row["quantity"], row["product_uom_id"], row["product_id"])
            if key not in converted:
                uom = self.env["uom.uom"].browse(row["product_uom_id"])
                product = self.env["product.product"].browse(row["product_id"])
                quantity = quantity_field.convert_to_cache(row["quantity"], self)
                converted[key] = uom._compute_quantity(
                    quantity, product.uom_id, rounding_method="HALF-UP"
                )
            values.append(converted[key])
        return values
