# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.tools import SQL, float_is_zero, float_round

from ..orm_bypass.sql_create import _array_parameter
from ..orm_bypass.unchecked_link import UncheckedMany2one

#: The lot's flows in and out, then its mass balance: the quantity columns of an affected lot,
#: in the order the recall's screens, PDF and workbook show them.
FLOW_FIELDS = (
    "qty_in",
    "qty_consumed",
    "qty_delivered",
    "qty_returned",
    "qty_on_hand",
    "qty_scrapped",
)
MASS_BALANCE_FIELDS = (*FLOW_FIELDS, "qty_inventory_loss", "qty_unaccounted")


class StockLotRecallLot(models.Model):
    _name = "stock.lot.recall.lot"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Affected Lot"
    _order = "recall_id, depth, id"
    # Written once by the recall's Open/Recompute (a hub's recall: 30,000-56,000 rows), whose
    # date and author are the recall's milestones and chatter: no magic columns (two foreign
    # keys checked per row less). See ``stock.lot.recall.delivery``.
    # No foreign key constraint either (``orm_bypass/unchecked_link.py``; five checks per row
    # were most of the INSERT's time): the recall, lot and suspect lot are emptied or the line
    # deleted by their ``unlink``, as the constraints did; the product and company are the
    # lot's and the recall's, which cannot be deleted while the line exists (a lot's product
    # has done moves, a recall's company is required).
    _log_access = False

    recall_id = UncheckedMany2one()
    company_id = UncheckedMany2one()
    lot_id = UncheckedMany2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = UncheckedMany2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    depth = fields.Integer(
        readonly=True, help="0 for a suspect lot, 1 for what was made from it, and so on."
    )
    suspect_lot_id = UncheckedMany2one(
        "stock.lot", string="From Suspect Lot", readonly=True, help="The suspect lot it comes from."
    )
    trace_status = fields.Selection(related="lot_id.trace_status")
    # Quantities in each lot's own unit: never summed when the lines are grouped.
    qty_in = fields.Float(
        string="Received / Produced",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Done quantity that entered the company's stock: received from suppliers, "
        "produced, or found by an inventory adjustment.",
    )
    qty_consumed = fields.Float(
        string="Consumed",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Consumed by manufacturing orders (into other lots).",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered to customers, net of customer returns.",
    )
    qty_returned = fields.Float(
        string="Returned to Suppliers",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
    )
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_scrapped = fields.Float(
        string="Scrapped", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    qty_inventory_loss = fields.Float(
        string="Inventory Losses",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator=None,
        help="Written off by inventory adjustments (counted less than on hand): part of the "
        "unaccounted quantity, its fate is unknown. Only Traceability managers can write off "
        "a lot on hold.",
    )
    qty_unaccounted = fields.Float(
        string="Unaccounted",
        digits="Product Unit of Measure",
        aggregator=None,
        compute="_compute_qty_unaccounted",
        store=True,
        help="Mass balance: received / produced minus consumed, delivered, returned, on hand "
        "and scrapped. Anything but zero is stock whose fate is unknown (lost, in transit, "
        "found without a receipt).",
    )
    is_unaccounted = fields.Boolean(compute="_compute_qty_unaccounted", store=True)

    @api.depends(
        "qty_in", "qty_consumed", "qty_delivered", "qty_returned", "qty_on_hand", "qty_scrapped"
    )
    def _compute_qty_unaccounted(self):
        for line in self:
            unaccounted, is_unaccounted = self._unaccounted_of(
                line.qty_in
                - line.qty_consumed
                - line.qty_delivered
                - line.qty_returned
                - line.qty_on_hand
                - line.qty_scrapped,
                line.lot_id.product_id.uom_id.rounding,
            )
            line.qty_unaccounted = unaccounted
            line.is_unaccounted = is_unaccounted

    @api.model
    def _unaccounted_of(self, balance, rounding):
        """(``qty_unaccounted``, ``is_unaccounted``) of a mass ``balance`` in a unit of
        ``rounding``."""
        rounding = rounding or 0.01
        unaccounted = float_round(balance, precision_rounding=rounding)
        return unaccounted, not float_is_zero(unaccounted, precision_rounding=rounding)

    @api.model
    def _get_snapshot_create_handlers(self):
        """``qty_unaccounted`` and ``is_unaccounted`` for ``sql_create`` (the recall's
        snapshot): computed for all the rows at once, their units read by one query, instead
        of recomputed by the ORM line by line after the INSERT (a hub's 30,000-56,000 lines:
        the quantities read back from the cache, each rounded to its field's digits). The
        same values as ``_compute_qty_unaccounted``: the quantities rounded first as the cache
        rounds them."""
        computed = {}

        def values(model, rows):
            if computed.get("rows") is not rows:
                computed.update(rows=rows, values=self._get_unaccounted_values(rows))
            return computed["values"]

        return {
            "qty_unaccounted": lambda model, rows: [value for value, __ in values(model, rows)],
            "is_unaccounted": lambda model, rows: [flag for __, flag in values(model, rows)],
        }

    @api.model
    def _get_unaccounted_values(self, rows):
        """[(qty_unaccounted, is_unaccounted)] of ``rows`` (values of lines to create)."""
        rounding_by_lot = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT lot.id, uom.rounding
                      FROM UNNEST(%s::integer[]) AS given (id)
                      JOIN stock_lot lot ON lot.id = given.id
                      JOIN product_product product ON product.id = lot.product_id
                      JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                      JOIN uom_uom uom ON uom.id = tmpl.uom_id
                    """,
                    _array_parameter({row["lot_id"] for row in rows if row.get("lot_id")}),
                )
            )
        )
        names = FLOW_FIELDS
        # Float.convert_to_cache: the value rounded to the field's digits
        digits = {name: self._fields[name].get_digits(self.env) for name in names}

        def cached(value, digits):
            value = float(value or 0.0)
            if not value or not digits:  # most of a lot's flows are zero
                return value
            return float_round(value, precision_digits=digits[1])

        # each column's distinct values rounded once (a hub's 56,000 lines repeat a few
        # quantities; equal numbers round alike)
        columns = []
        for name in names:
            values = [row.get(name) for row in rows]
            rounded = dict.fromkeys(values)
            for value in rounded:
                rounded[value] = cached(value, digits[name])
            columns.append(map(rounded.__getitem__, values))
        unaccounted_of = {}
        result = []
        for row, qty_in, consumed, delivered, returned, on_hand, scrapped in zip(
            rows, *columns, strict=True
        ):
            key = (
                qty_in - consumed - delivered - returned - on_hand - scrapped,
                rounding_by_lot.get(row.get("lot_id")),
            )
            if key not in unaccounted_of:
                unaccounted_of[key] = self._unaccounted_of(*key)
            result.append(unaccounted_of[key])
        return result
