# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockProductionLine(models.Model):
    """A production line lots are made on: a short list managed by Traceability managers, so
    that lots can be filtered and grouped by line without spelling variants, and numbering
    rules can print the line's code."""

    _name = "stock.lot.production.line"
    _description = "Production Line"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char(
        help="Short code printed in lot names by the {line} token of numbering rules."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the line between companies."
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A production line with this name already exists in this company.",
        ),
    ]
