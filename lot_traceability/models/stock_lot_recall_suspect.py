# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: the suspect lots it starts from, found by product and production dates
(line, shift) or by a supplier's lot number."""

from odoo import Command, models
from odoo.exceptions import UserError


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def action_find_suspect_lots(self):
        """Fill the suspect lots from the product and production date range."""
        for recall in self:
            recall._check_editable()
            lots = recall._find_suspect_lots()
            if not lots:
                raise UserError(recall._get_no_lot_found_message())
            recall.suspect_lot_ids = [Command.set(lots.ids)]
        return True

    def _find_lots_by_production_date(self):
        self.ensure_one()
        if not self.product_id and not self.production_line_id and not self.shift:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: choose the suspect product to find its lots by production "
                    "date.",
                    recall=self.name,
                )
            )
        domain = [("company_id", "in", (self.company_id.id, False))]
        if self.product_id:
            domain.append(("product_id", "=", self.product_id.id))
        if self.production_line_id:
            domain.append(("production_line_id", "=", self.production_line_id.id))
        if self.shift:
            domain.append(("shift", "=ilike", self.shift))
        if self.production_date_from:
            domain.append(("production_date", ">=", self.production_date_from))
        if self.production_date_to:
            domain.append(("production_date", "<=", self.production_date_to))
        return self.env["stock.lot"].search(domain)

    def _find_lots_by_supplier_lot(self):
        """Our lots received under the supplier's lot number (of the supplier, if given)."""
        self.ensure_one()
        if not self.supplier_lot_name:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: enter the supplier's lot number the recall starts from.",
                    recall=self.name,
                )
            )
        lots = self.env["stock.lot"].search(
            [
                ("company_id", "in", (self.company_id.id, False)),
                ("supplier_lot_name", "=ilike", self.supplier_lot_name.strip()),
            ]
        )
        if not self.supplier_id or not lots:
            return lots
        # the supplier's lots: named its supplier, or received from it
        supplier = self.supplier_id.commercial_partner_id
        received = (
            self.env["stock.move.line"]
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("picking_id.partner_id", "child_of", supplier.id),
                ]
            )
            .lot_id
        )
        return lots.filtered(
            lambda lot: lot in received or lot.supplier_id.commercial_partner_id == supplier
        )

    def _find_suspect_lots(self):
        """The suspect lots of the recall's criteria (production dates, or supplier lot)."""
        self.ensure_one()
        if self.suspect_mode == "supplier_lot":
            return self._find_lots_by_supplier_lot()
        return self._find_lots_by_production_date()

    def _get_no_lot_found_message(self):
        self.ensure_one()
        if self.suspect_mode == "supplier_lot":
            return self.env._(
                "Recall %(recall)s: no lot was received under the supplier's lot number"
                " %(supplier_lot)s.",
                recall=self.name,
                supplier_lot=self.supplier_lot_name,
            )
        if not self.product_id:
            return self.env._(
                "Recall %(recall)s: no lot was produced on %(line)s, shift %(shift)s, between"
                " %(start)s and %(end)s.",
                recall=self.name,
                line=self.production_line_id.display_name or "…",
                shift=self.shift or "…",
                start=self.production_date_from or "…",
                end=self.production_date_to or "…",
            )
        return self.env._(
            "Recall %(recall)s: no lot of %(product)s was produced between %(start)s and %(end)s.",
            recall=self.name,
            product=self.product_id.display_name,
            start=self.production_date_from or "…",
            end=self.production_date_to or "…",
        )
