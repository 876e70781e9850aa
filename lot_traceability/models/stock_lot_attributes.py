# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Lot attributes: production date (GS1 AI 11), shift, production line, supplier, supplier's lot
number and country of origin (numbering rules and recalls by production date read them)."""

from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    # lots and serials: attributes (GS1 AI 11 production date, shift, line, supplier, origin)
    production_date = fields.Date(
        index=True,
        help="Date the lot was produced (GS1 AI 11). Filled when a manufacturing order "
        "generates the lot; numbering rules use it for their date tokens.",
    )
    shift = fields.Char(help="Shift (crew) that produced the lot, e.g. A, B or Night.")
    production_line_id = fields.Many2one(
        "stock.lot.production.line",
        string="Production Line",
        index="btree_not_null",
        check_company=True,
        help="Line that produced the lot.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        index="btree_not_null",
        check_company=True,
        help="Who supplied the lot. Filled from the vendor of the receipt that created it.",
    )
    supplier_lot_name = fields.Char(
        string="Supplier Lot",
        index="trigram",
        help="The lot/batch number printed by the supplier, when it differs from ours.",
    )
    origin_country_id = fields.Many2one(
        "res.country", string="Country of Origin", help="Where the goods of the lot come from."
    )
