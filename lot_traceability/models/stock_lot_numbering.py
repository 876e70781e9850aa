# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Lot names from the product's numbering rule (``stock.lot.numbering.rule``) and the lot import:
names proposed and taken, rows without a name refused, a refused batch retried row by row."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class ImportBatchRefused(Exception):
    """A batch of imported lots was refused: ``load`` then imports the rows one by one and
    reports each refused row with its own row (see StockLot._load_records)."""


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "name" in fields_list and res.get("product_id"):
            vals = {"product_id": res["product_id"]}
            # a proposal: an opened and discarded form takes no number
            self._fill_numbering_rule_names([vals], peek=True)
            res["name"] = vals.get("name") or res.get("name")
        return res

    def _take_numbering_rule_numbers(self):
        """Lots of self were created with a name: when a name follows its product's numbering
        rule (a name proposed by peeking, on the lot form or in a wizard, or typed after the
        pattern), the rule's counter moves past it, so it is not proposed again."""
        groups = defaultdict(list)
        for lot in self:
            key = (
                lot.product_id,
                lot.company_id,
                lot.production_date,
                lot.shift or False,
                lot.production_line_id,
            )
            groups[key].append(lot.name)
        for (product, lot_company, production_date, shift, line), names in groups.items():
            company = lot_company or self.env.company
            rule = product._get_lot_numbering_rule(company)
            if rule:
                rule._take_numbers(
                    product,
                    {
                        "company": company,
                        "production_date": production_date,
                        "shift": shift,
                        "production_line": line,
                    },
                    names,
                )

    @api.model
    def load(self, fields, data):
        """An import must say which lot it creates: a file whose Lot/Serial Number column is
        not mapped (nor an External ID / Database ID column, to update lots) is refused as a
        whole, instead of creating lots named by Odoo's default sequence."""
        roots = {field.split("/")[0] for field in fields if field}
        if self.env.context.get("import_file") and not roots & {"name", "id", ".id"}:
            return {
                "ids": False,
                "messages": [
                    {
                        "type": "error",
                        "message": self.env._(
                            "Map a column of the file to the “Lot/Serial Number” field: "
                            "each row must name its lot or serial number."
                        ),
                    }
                ],
                "nextrow": 0,
            }
        return super().load(fields, data)

    def _load_records(self, data_list, update=False):
        """Odoo's ``load`` creates the rows of a file in one batch, and when the batch raises a
        UserError it reports that message at the batch's *first* row, before the same message
        at the row that really failed. Refused otherwise, the batch is retried row by row and
        each message names its own row only."""
        if len(data_list) > 1 and self.env.context.get("import_file"):
            try:
                return super()._load_records(data_list, update=update)
            except UserError as error:
                raise ImportBatchRefused(str(error)) from error
        return super()._load_records(data_list, update=update)

    @api.model
    def _check_imported_lot_names(self, vals_list):
        """A row of an imported file without a lot number is refused (the import reports its
        row), unless the product's numbering rule named it (see _fill_numbering_rule_names)."""
        for vals in vals_list:
            if not vals.get("name"):
                product = self.env["product.product"].browse(vals.get("product_id"))
                raise UserError(
                    self.env._(
                        "This row has no lot/serial number (product %(product)s): fill its "
                        "Lot/Serial Number cell, or give the product a numbering rule.",
                        product=product.display_name or "-",
                    )
                )

    @api.model
    def _fill_numbering_rule_names(self, vals_list, peek=False):
        """Name the lots created without a name after their product's numbering rule.

        Lots of the same product, company and numbering values (production date, shift,
        line) are named together: one counter allocation for all of them (an import of 1,000
        unnamed lots draws one block of numbers, not 1,000). ``peek``: propose names without
        taking their numbers (see ``stock.lot.numbering.rule._generate_names``)."""
        groups = defaultdict(list)
        for vals in vals_list:
            if vals.get("name") or not vals.get("product_id"):
                continue
            key = (
                vals["product_id"],
                vals.get("company_id") or self.env.company.id,
                fields.Date.to_date(vals.get("production_date")),
                vals.get("shift") or False,
                vals.get("production_line_id") or False,
            )
            groups[key].append(vals)
        for (product_id, company_id, *_values), group in groups.items():
            product = self.env["product.product"].browse(product_id)
            company = self.env["res.company"].browse(company_id)
            if not product._get_lot_numbering_rule(company):
                continue
            names = product._propose_lot_names(
                len(group), self._prepare_lot_numbering_values(group[0], company), peek=peek
            )
            for vals, name in zip(group, names, strict=True):
                vals["name"] = name

    @api.model
    def _prepare_lot_numbering_values(self, vals, company):
        return {
            "company": company,
            "production_date": vals.get("production_date"),
            "shift": vals.get("shift"),
            "production_line": self.env["stock.lot.production.line"].browse(
                vals.get("production_line_id")
            ),
        }

    @api.model
    def generate_lot_names(self, first_lot, count):
        """Without a first lot name, propose ``count`` names from the numbering rule of the
        product given in context (``lot_traceability_numbering_product_id``)."""
        product_id = self.env.context.get("lot_traceability_numbering_product_id")
        if not first_lot and product_id:
            product = self.env["product.product"].browse(product_id)
            values = self.env.context.get("lot_traceability_numbering_values") or {}
            return [{"lot_name": name} for name in product._propose_lot_names(count, values)]
        return super().generate_lot_names(first_lot, count)

    @api.model
    def _get_next_serial(self, company, product):
        """The next name of a product with a numbering rule comes from its rule. Peeked, as
        Odoo's own answer is (a proposal, e.g. of the batch produce wizard): the number is
        taken when the lot is created."""
        if product.tracking != "none" and product._get_lot_numbering_rule(company):
            return product._propose_lot_names(1, {"company": company}, peek=True)[0]
        return super()._get_next_serial(company, product)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Lots/Serial Numbers"),
                "template": "/lot_traceability/static/csv/stock_lot_import_template.csv",
            }
        ]
