# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    lot_numbering_rule_id = fields.Many2one(
        "stock.lot.numbering.rule",
        string="Lot/Serial Numbering",
        check_company=True,
        index="btree_not_null",
        help="How new lot/serial numbers of this product are made. Empty: the rule of the "
        "product category, else Odoo's default.",
    )
    quarantine_on_receipt = fields.Boolean(
        help="Positive release: lots received from a supplier enter in quarantine, awaiting "
        "release, until a Traceability manager records their inspection. Also set on a "
        "product category (or a parent category).",
    )
    lot_numbering_preview = fields.Char(
        string="Next Lot/Serial Numbers",
        compute="_compute_lot_numbering_preview",
        help="Examples of the next names, for today's date (not reserved).",
    )

    @api.depends("lot_numbering_rule_id", "categ_id", "default_code", "tracking")
    @api.depends_context("company")
    def _compute_lot_numbering_preview(self):
        for template in self:
            rule = template._get_lot_numbering_rule(self.env.company)
            if not rule or template.tracking == "none":
                template.lot_numbering_preview = False
                continue
            first = rule.next_number
            names = rule._render_names(
                template.product_variant_ids[:1],
                {"product_code": template.default_code},
                range(first, first + 3),
            )
            template.lot_numbering_preview = ", ".join(names)

    def _get_lot_numbering_rule(self, company=None):
        """The numbering rule of this product in ``company``: the product's own, else the one
        of its category or of the closest parent category; an empty recordset means Odoo's
        default numbering. Inactive rules and rules of another company are skipped."""
        self.ensure_one()
        company = company or self.env.company
        template = self.sudo()

        def usable(rule):
            return rule and rule.active and rule.company_id in (company, rule.company_id.browse())

        if usable(template.lot_numbering_rule_id):
            return template.lot_numbering_rule_id
        category = template.categ_id
        while category:
            if usable(category.lot_numbering_rule_id):
                return category.lot_numbering_rule_id
            category = category.parent_id
        return self.env["stock.lot.numbering.rule"].sudo()

    def _is_quarantined_on_receipt(self):
        """Whether lots of this product received from a supplier await release: the
        product's own setting, or its category's or a parent category's."""
        self.ensure_one()
        template = self.sudo()
        if template.quarantine_on_receipt:
            return True
        path = template.categ_id.parent_path or ""
        categories = template.categ_id.browse(int(part) for part in path.split("/") if part)
        return any(categories.mapped("quarantine_on_receipt"))

    # supply-chain traceability
    food_traceability_list = fields.Boolean(
        help="This product is a food on FDA's Food Traceability List: FSMA 204 records are "
        "kept for its lots. Also set on a product category (or a parent category).",
    )
    is_food_traceability = fields.Boolean(
        string="On the Food Traceability List",
        compute="_compute_is_food_traceability",
        store=True,
        help="Set on the product, on its category or on a parent category.",
    )

    @api.depends("food_traceability_list", "categ_id.is_food_traceability")
    def _compute_is_food_traceability(self):
        for template in self:
            template.is_food_traceability = (
                template.food_traceability_list or template.categ_id.is_food_traceability
            )
