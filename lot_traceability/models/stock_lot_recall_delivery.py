# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_round

from ..orm_bypass.unchecked_link import UncheckedMany2one


class StockLotRecallDelivery(models.Model):
    """One delivery (or customer return) line of a recall's snapshot.

    What a row stores, and why (a hub's recall writes 180,000-250,000 of them, written by
    PostgreSQL in one ``INSERT … SELECT``, see ``stock_lot_recall_sql_snapshot.py``):

    * the links it needs: ``recall_id`` and ``customer_id`` (the row belongs to them, deleted
      with them), ``lot_id`` (what was delivered) and ``move_line_id`` (the done delivery
      line: the source of the rest); ``date`` and ``quantity`` (signed, in the product's unit)
      as they were when the snapshot was taken;
    * no foreign key constraint on them (``orm_bypass/unchecked_link.py``): PostgreSQL checks
      a constraint row by row (one ``SELECT … FOR KEY SHARE`` each, locking the row pointed
      at); the four of them were most of a hub's opening, the customer's alone still 2.5 s of
      the water hub's 9.5 s statement (``EXPLAIN ANALYZE``, 1M-line database). The row is
      written from lines the snapshot has just read; what the constraints did on deletion is
      done by the ``unlink`` of the recall and the customer (the line is deleted), of the
      lot and the move line (the link is emptied, as ``set null`` did). Indexes: the recall
      and the customer (their lines are read and deleted by them); not the lot (a lot is
      rarely deleted: one scan of the table per ``unlink``, where the constraint scanned it
      once per lot), nor the move line: Odoo deletes move lines all day, but not done ones
      (but when a module is uninstalled), the only ones a delivery line points to
      (``target_domain``): the index cost a third of the INSERT of a hub's 250,000 lines
      (their move lines in no order);
    * derived, not stored: the product (a lot's product never changes), the customer (its
      recall customer's partner), the company (its recall's: the record rule reads it through
      the recall), the document and the delivery address (the done line's: a done line is not
      deleted nor moved to another transfer);
    * no magic columns (``_log_access = False``): rows are written once, by the recall's
      Open/Recompute, whose date and author are in the recall's milestones and chatter.
    """

    _name = "stock.lot.recall.delivery"
    _inherit = "stock.lot.recall.line.mixin"
    _description = "Recall Delivery"
    _order = "recall_id, date, id"
    _log_access = False

    recall_id = UncheckedMany2one()
    company_id = fields.Many2one(related="recall_id.company_id", store=False, index=False)
    lot_id = UncheckedMany2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one(related="lot_id.product_id")
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    customer_id = UncheckedMany2one(
        "stock.lot.recall.customer",
        string="Recall Customer",
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(related="customer_id.partner_id", string="Customer")
    address_id = fields.Many2one(
        "res.partner", string="Delivery Address", compute="_compute_address_id"
    )
    date = fields.Datetime(readonly=True)
    picking_id = fields.Many2one(related="move_line_id.picking_id", string="Document")
    move_line_id = UncheckedMany2one(
        "stock.move.line",
        readonly=True,
        ondelete="set null",
        target_domain=[("state", "=", "done")],
    )
    quantity = fields.Float(
        digits="Product Unit of Measure",
        aggregator=None,
        readonly=True,
        help="Delivered quantity; negative for a customer return.",
    )
    is_return = fields.Boolean(compute="_compute_is_return")

    @api.depends("move_line_id.picking_partner_id", "move_line_id.move_id.partner_id")
    def _compute_address_id(self):
        """The line's transfer's partner, else its move's (as the genealogy engine reads a
        delivery's address)."""
        for line in self:
            move_line = line.move_line_id.sudo()
            line.address_id = (
                move_line.picking_partner_id or move_line.move_id.partner_id
            ).with_env(self.env)

    @api.depends("quantity")
    def _compute_is_return(self):
        for line in self:
            line.is_return = line.quantity < 0

    def _format_quantities(self):
        """'12 Units, 3.5 kg': the net quantity of self per unit of measure."""
        totals = defaultdict(float)
        for line in self:
            totals[line.uom_id] += line.quantity
        return ", ".join(
            f"{float_round(qty, precision_rounding=uom.rounding or 0.01):g} {uom.name}"
            for uom, qty in totals.items()
        )
