# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

from .stock_move_line_kind import TRACEABILITY_KINDS

# the kinds of move lines (one classifier, see stock_move_line_kind), and assignments
EVENT_TYPES = [*TRACEABILITY_KINDS, ("assignment", "Assignment")]


class StockLotTimeline(models.Model):
    """The lifetime of a lot or serial in date order: every done move line (receipt, internal
    move, consumption into an assembly, production, delivery, return, scrap, inventory
    adjustment) and every assignment to a person. Read-only, computed by PostgreSQL."""

    _name = "stock.lot.timeline"
    _description = "Lot/Serial Number Timeline"
    _auto = False
    _order = "date, id"
    _rec_name = "reference"

    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(readonly=True)
    event_type = fields.Selection(EVENT_TYPES, string="Event", readonly=True)
    reference = fields.Char(readonly=True)
    location_id = fields.Many2one("stock.location", string="From Location", readonly=True)
    location_dest_id = fields.Many2one("stock.location", string="To Location", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Transfer", readonly=True)
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order", readonly=True)
    related_lot_id = fields.Many2one(
        "stock.lot",
        string="Into Lot/Serial",
        readonly=True,
        help="For a consumption, the finished lot or serial it went into.",
    )
    partner_from_id = fields.Many2one("res.partner", string="From", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Partner / Holder", readonly=True)
    note = fields.Text(readonly=True)
    move_line_id = fields.Many2one("stock.move.line", readonly=True)
    assignment_id = fields.Many2one("stock.lot.assignment", readonly=True)

    _depends = {
        "stock.move.line": [
            "lot_id",
            "state",
            "date",
            "location_id",
            "location_dest_id",
            "quantity",
            "product_uom_id",
            "move_id",
            "company_id",
            "product_id",
            "consume_line_ids",
        ],
        "stock.move": [
            "picking_id",
            "production_id",
            "raw_material_production_id",
            "reference",
            "scrapped",
            "is_inventory",
        ],
        "stock.picking": ["partner_id"],
        "stock.location": ["usage", "scrap_location"],
        "stock.lot.assignment": [
            "lot_id",
            "date",
            "partner_from_id",
            "partner_to_id",
            "note",
            "company_id",
            "product_id",
        ],
    }

    @property
    def _table_query(self):
        # stock_move_line_consume_rel: consume_line_id is the finished line, produce_line_id
        # the component line (see mrp_production._cal_price / stock.move.line fields).
        return SQL(
            """
            SELECT line.id * 2 AS id,
                   line.lot_id AS lot_id,
                   line.product_id AS product_id,
                   line.company_id AS company_id,
                   line.date AS date,
                   %(kind)s AS event_type,
                   move.reference AS reference,
                   line.location_id AS location_id,
                   line.location_dest_id AS location_dest_id,
                   line.quantity AS quantity,
                   line.product_uom_id AS uom_id,
                   move.picking_id AS picking_id,
                   COALESCE(move.raw_material_production_id, move.production_id)
                       AS production_id,
                   (SELECT MIN(finished.lot_id)
                      FROM stock_move_line_consume_rel rel
                      JOIN stock_move_line finished ON finished.id = rel.consume_line_id
                     WHERE rel.produce_line_id = line.id) AS related_lot_id,
                   NULL::integer AS partner_from_id,
                   picking.partner_id AS partner_id,
                   NULL::text AS note,
                   line.id AS move_line_id,
                   NULL::integer AS assignment_id
              FROM stock_move_line line
              JOIN stock_move move ON move.id = line.move_id
         LEFT JOIN stock_picking picking ON picking.id = move.picking_id
             WHERE line.state = 'done'
               AND line.lot_id IS NOT NULL
            UNION ALL
            SELECT assignment.id * 2 + 1,
                   assignment.lot_id,
                   assignment.product_id,
                   assignment.company_id,
                   assignment.date,
                   'assignment',
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   NULL,
                   assignment.partner_from_id,
                   assignment.partner_to_id,
                   assignment.note,
                   NULL,
                   assignment.id
              FROM stock_lot_assignment assignment
            """,
            kind=self.env["stock.move.line"]._traceability_kind_sql("line"),
        )
