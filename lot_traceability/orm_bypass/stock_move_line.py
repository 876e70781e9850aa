# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from .check_company import check_company_in_batch, checks_as_base
from .unchecked_link import unlink_with_unchecked_links


# A second class of the model on purpose: the ORM bypass stays in this package (see __init__).
class StockMoveLine(models.Model):
    """The move lines' side of the ORM bypass (:mod:`..orm_bypass`): the batched company check,
    the batch function of a stored computed field for :func:`.sql_create.sql_create`; the
    recall snapshot's links to deleted lines emptied (:mod:`.unchecked_link`)."""

    _inherit = "stock.move.line"  # pylint: disable=consider-merging-classes-inherited

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

    def unlink(self):
        return unlink_with_unchecked_links(self, super().unlink)

    @api.model
    def _get_sql_create_handlers(self):
        """Batch computations of stored computed fields of new move lines for
        :func:`~odoo.addons.lot_traceability.orm_bypass.sql_create.sql_create` (see
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
