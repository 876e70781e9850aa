# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_lot_split_wizard import EXPIRY_FIELDS


class StockLotMergeWizard(models.TransientModel):
    """Merge (repack, commingle) several lots of one product into a new lot linked to each."""

    _name = "stock.lot.merge.wizard"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Merge Lots"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    line_ids = fields.One2many("stock.lot.merge.wizard.line", "wizard_id", string="Lots to Merge")
    lot_name = fields.Char(string="New Lot", required=True)
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Put In",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
    )
    total_quantity = fields.Float(
        compute="_compute_total_quantity", digits="Product Unit of Measure"
    )
    uom_id = fields.Many2one(related="product_id.uom_id")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "stock.lot" and self.env.context.get(
            "active_ids"
        ):
            lots = self.env["stock.lot"].browse(self.env.context["active_ids"])
            res.update(self._prepare_default_values(lots))
        return res

    def _prepare_default_values(self, lots):
        products = lots.product_id
        if len(products) != 1:
            raise UserError(
                self.env._(
                    "Only lots of one product can be merged; the selection holds %(products)s.",
                    products=", ".join(products.mapped("display_name")),
                )
            )
        lines = [
            (0, 0, self._prepare_line_vals(quant))
            for quant in lots.quant_ids.filtered(
                lambda q: q.location_id.usage == "internal" and not q.package_id and q.quantity > 0
            ).sorted(lambda q: (q.lot_id.name, q.location_id.complete_name))
        ]
        lot_name = products._propose_lot_names(
            1, values={"company": lots.company_id[:1]}, peek=True
        )[0]
        first_location = lots.quant_ids.filtered(
            lambda q: q.location_id.usage == "internal" and q.quantity > 0
        )[:1].location_id
        return {
            "product_id": products.id,
            "company_id": (lots.company_id[:1] or self.env.company).id,
            "line_ids": lines,
            "lot_name": lot_name,
            "location_dest_id": first_location.id,
        }

    def _prepare_line_vals(self, quant):
        return {
            "lot_id": quant.lot_id.id,
            "location_id": quant.location_id.id,
            "quantity": quant.quantity,
        }

    @api.depends("line_ids.quantity")
    def _compute_total_quantity(self):
        for wizard in self:
            wizard.total_quantity = sum(wizard.line_ids.mapped("quantity"))

    def _prepare_consumptions(self):
        self.ensure_one()
        return [
            {"lot": line.lot_id, "location": line.location_id, "quantity": line.quantity}
            for line in self.line_ids
        ]

    def _prepare_merged_lot_vals(self):
        self.ensure_one()
        vals = {
            "name": self.lot_name,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
        }
        # like its expiry, the merged lot's production date is its oldest input's
        production_dates = [d for d in self.line_ids.lot_id.mapped("production_date") if d]
        if production_dates:
            vals["production_date"] = min(production_dates)
        if (
            self.product_id._fields.get("use_expiration_date")
            and self.product_id.use_expiration_date
        ):
            # The merged lot expires with its first-expiring input.
            for field_name in EXPIRY_FIELDS:
                dates = [d for d in self.line_ids.lot_id.mapped(field_name) if d]
                if dates:
                    vals[field_name] = min(dates)
        return vals

    def _prepare_productions(self):
        self.ensure_one()
        return [
            {
                "product": self.product_id,
                "lot_vals": self._prepare_merged_lot_vals(),
                "quantity": self.total_quantity,
                "location": self.location_dest_id,
                "price_unit": self.product_id.standard_price,
            }
        ]

    def _check_merge(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Add at least one lot to merge."))
        wrong = self.line_ids.lot_id.filtered(lambda lot: lot.product_id != self.product_id)
        if wrong:
            raise UserError(
                self.env._(
                    "Lot %(lot)s is a lot of %(other)s, not of %(product)s: only lots of one"
                    " product can be merged.",
                    lot=wrong[0].name,
                    other=wrong[0].product_id.display_name,
                    product=self.product_id.display_name,
                )
            )
        if self.product_id.tracking != "lot":
            raise UserError(
                self.env._(
                    "%(product)s is not tracked by lots: only lots can be merged.",
                    product=self.product_id.display_name,
                )
            )
        self.line_ids.lot_id._check_trace_status_available(self.env._("merged"))
        if self.env["stock.lot"].search_count(
            [
                ("name", "=", self.lot_name),
                ("product_id", "=", self.product_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        ):
            raise UserError(
                self.env._(
                    "Lot %(lot)s of %(product)s already exists: choose another name.",
                    lot=self.lot_name,
                    product=self.product_id.display_name,
                )
            )

    def action_merge(self):
        """Create the merged lot and open it."""
        self.ensure_one()
        self._check_merge()
        transformation = self.env["stock.lot.transformation"]._run_transformation(
            "merge", self._prepare_consumptions(), self._prepare_productions()
        )
        return transformation.action_view_output_lots()


class StockLotMergeWizardLine(models.TransientModel):
    _name = "stock.lot.merge.wizard.line"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Lot to Merge"

    wizard_id = fields.Many2one("stock.lot.merge.wizard", required=True, ondelete="cascade")
    lot_id = fields.Many2one("stock.lot", required=True)
    location_id = fields.Many2one(
        "stock.location", required=True, domain="[('usage', '=', 'internal')]"
    )
    quantity = fields.Float(digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id")
