# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class StockLotConsolidated(models.Model):
    """One line per lot- or serial-tracked product (and company) with its stock in internal
    locations: quantity, lots/serials in stock, locations, earliest expiry and value.
    Read-only, computed by PostgreSQL from the quants on every read."""

    _name = "stock.lot.consolidated"
    _description = "Consolidated Lots/Serial Numbers"
    _auto = False
    _order = "product_id"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    tracking = fields.Selection(
        [("lot", "By Lots"), ("serial", "By Unique Serial Number")], readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    # Not summed when grouped: the products' units differ (kg, Units, ...).
    quantity = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True, aggregator=None
    )
    lot_count = fields.Integer(string="Lots/Serials in Stock", readonly=True, aggregator="sum")
    location_count = fields.Integer(string="Locations", readonly=True, aggregator="max")
    expiration_date = fields.Datetime(string="Earliest Expiry", readonly=True, aggregator="min")
    value = fields.Monetary(string="Stock Value", readonly=True, aggregator="sum")

    _depends = {
        "stock.quant": ["quantity", "location_id", "lot_id", "product_id", "company_id"],
        "stock.location": ["usage"],
        "stock.lot": ["expiration_date"],
        "product.product": ["product_tmpl_id", "standard_price"],
        "product.template": ["tracking", "uom_id", "categ_id"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        # Aggregate the quants first (per product and company), then join the few result rows
        # to their product; standard_price is company-dependent: a jsonb {company_id: cost}.
        return SQL(
            """
            SELECT stock.id AS id,
                   stock.product_id AS product_id,
                   template.id AS product_tmpl_id,
                   template.categ_id AS categ_id,
                   template.tracking AS tracking,
                   template.uom_id AS uom_id,
                   stock.company_id AS company_id,
                   company.currency_id AS currency_id,
                   stock.quantity AS quantity,
                   stock.lot_count AS lot_count,
                   stock.location_count AS location_count,
                   stock.expiration_date AS expiration_date,
                   stock.quantity * COALESCE(
                       (product.standard_price ->> stock.company_id::text)::numeric, 0.0
                   ) AS value
              FROM (
                    SELECT MIN(quant.id) AS id,
                           quant.product_id AS product_id,
                           quant.company_id AS company_id,
                           SUM(quant.quantity) AS quantity,
                           COUNT(DISTINCT quant.lot_id) FILTER (WHERE quant.quantity > 0)
                               AS lot_count,
                           COUNT(DISTINCT quant.location_id) FILTER (WHERE quant.quantity > 0)
                               AS location_count,
                           MIN(lot.expiration_date) FILTER (WHERE quant.quantity > 0)
                               AS expiration_date
                      FROM stock_quant quant
                      JOIN stock_location location ON location.id = quant.location_id
                      JOIN stock_lot lot ON lot.id = quant.lot_id
                     WHERE location.usage = 'internal'
                       AND quant.quantity != 0
                  GROUP BY quant.product_id, quant.company_id
                   ) stock
              JOIN product_product product ON product.id = stock.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN res_company company ON company.id = stock.company_id
             WHERE template.tracking IN ('lot', 'serial')
               AND stock.quantity > 0
            """
        )

    @api.model
    def _get_lots_domain(self, products, companies):
        """Domain of the lots in stock that a line of this view stands for."""
        return [
            ("product_id", "in", products.ids),
            ("company_id", "in", [*companies.ids, False]),
            (
                "quant_ids",
                "any",
                [("location_id.usage", "=", "internal"), ("quantity", ">", 0)],
            ),
        ]

    def action_open_lots(self):
        """Open the regular lot list of this line's product: one line per lot in stock with
        its quantity, location, expiry and status."""
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_production_lot_form")
        action.update(
            {
                "name": self.env._(
                    "Lots/Serial Numbers of %(product)s", product=self.product_id[:1].display_name
                ),
                "domain": self._get_lots_domain(self.product_id, self.company_id),
                "context": {"default_product_id": self.product_id[:1].id, "create": False},
                "views": [
                    (self.env.ref("lot_traceability.stock_lot_view_list_in_stock").id, "list"),
                    (False, "form"),
                ],
                "view_mode": "list,form",
            }
        )
        return action
