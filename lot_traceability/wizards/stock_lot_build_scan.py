# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Build wizard: scanning — one scan (a lot/serial, a GS1 label) fills the unit's lot name,
a line's component lot and quantity, or adds a line (on-the-fly mode), with the feedback shown
on the form."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.numeric import check_number


class StockLotBuild(models.TransientModel):
    _inherit = "stock.lot.build"  # pylint: disable=consider-merging-classes-inherited

    @api.onchange("scan_code")
    def _onchange_scan_code(self):
        code = self.scan_code
        if not code:
            return None
        self.scan_code = False
        # a refused scan is said inline (the screen beeps), not in a dialog the next scan
        # would have to close first
        try:
            self.scan_feedback = self._scan(code)
            self.scan_refused = False
        except UserError as error:
            self.scan_feedback = error.args[0]
            self.scan_refused = True
        return None

    def action_scan(self, code):
        """Apply one scan to the saved wizard (RPC entry point of handheld clients).
        Returns the feedback message; raises UserError naming what is wrong, changing nothing."""
        self.ensure_one()
        self.scan_feedback = self._scan(code)
        self.scan_refused = False
        return self.scan_feedback

    def _scan(self, code):
        """Put the lot/serial designated by ``code`` on the first line awaiting that product
        (the first free slot for a serial), or on a new line. Validates before changing
        anything and returns the feedback message."""
        self.ensure_one()
        parsed = self.env["stock.lot"]._parse_traceability_scan(code)
        product, lot = parsed["product"], parsed["lot"]
        if product and product == self.product_id and parsed["lot_name"]:
            return self._scan_finished(parsed)
        if not lot and parsed["lot_name"]:
            lot = self._find_scanned_lot(parsed["lot_name"], product)
        if not lot:
            product = product or self.env["product.product"].search(
                [("barcode", "=", code.strip())], limit=1
            )
            if product and product.tracking == "none":
                return self._scan_untracked(product, parsed)
            if product:
                raise UserError(
                    self.env._(
                        "Scan %(code)s: lot/serial %(lot)s of %(product)s does not exist. "
                        "Check the label, or receive the lot first.",
                        code=code,
                        lot=parsed["lot_name"],
                        product=product.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "Scan %(code)s: no lot, serial number or product is known by this code. "
                    "Check the label, or receive the lot first.",
                    code=code,
                )
            )
        product = lot.product_id
        expiration = parsed["expiration_date"] or lot.expiration_date
        line = self._get_open_line(product)
        label = line._get_trace_label() if line else product.display_name
        refusal = self._get_lot_refusal(lot, label)
        if refusal:
            raise UserError(refusal)
        if line:
            line.update(
                {
                    "lot_id": lot.id,
                    "quantity": self._get_scanned_quantity(line, lot, parsed),
                    "expiration_date": expiration,
                }
            )
        else:
            line = self._scan_extra_line(lot, parsed, expiration)
        self.current_unit = line.unit
        return self.env._(
            "%(line)s: %(lot)s, %(qty)s %(uom)s",
            line=line._get_trace_label(),
            lot=lot.name,
            qty=line.quantity,
            uom=line.product_uom_id.name,
        )

    def _find_scanned_lot(self, lot_name, product):
        """A lot name may exist for several products: look among the product of the scan or
        the products of the lines."""
        products = product or self.line_ids.product_id
        if not products:
            return self.env["stock.lot"]
        lots = self.env["stock.lot"].search(
            [
                ("name", "=", lot_name),
                ("product_id", "in", products.ids),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        if len(lots) > 1:
            raise UserError(
                self.env._(
                    "Scan %(lot)s: several lots have this name (%(products)s). Scan the GS1"
                    " label, which names the product too.",
                    lot=lot_name,
                    products=", ".join(lots.product_id.mapped("display_name")),
                )
            )
        return lots

    def _scan_finished(self, parsed):
        unit = self._sorted_units().filtered(lambda u: u.unit == self.current_unit)[:1]
        if self.product_id.tracking == "none" or not unit:
            raise UserError(
                self.env._(
                    "Scan %(code)s is the product being built, %(product)s: scan its components.",
                    code=parsed["lot_name"],
                    product=self.product_id.display_name,
                )
            )
        unit.lot_name = parsed["lot_name"]
        return self.env._("Unit %(unit)s: %(lot)s", unit=unit.unit, lot=parsed["lot_name"])

    def _scan_untracked(self, product, parsed):
        qty = parsed["quantity"] or 1.0
        line = self._sorted_lines().filtered(
            lambda line: line.product_id == product and line.unit == self.current_unit
        )[:1]
        if line:
            line.quantity += qty
        else:
            line = self._scan_extra_line(self.env["stock.lot"], parsed, False, product=product)
        return self.env._(
            "%(line)s: %(qty)s %(uom)s",
            line=line._get_trace_label(),
            qty=line.quantity,
            uom=line.product_uom_id.name,
        )

    def _get_open_line(self, product):
        return self._sorted_lines().filtered(
            lambda line: line.product_id == product and not line.lot_id
        )[:1]

    def _get_scanned_quantity(self, line, lot, parsed):
        """Serial: 1. Lot: the quantity of the scan (GS1), else what the list still needs for
        this component and unit, at most what the lot has on hand."""
        if line.product_id.tracking == "serial":
            return 1.0
        if parsed["quantity"]:
            quantity = check_number(
                self.env, parsed["quantity"], self.env._("Scanned quantity"), strict=True
            )
            return line.product_id.uom_id._compute_quantity(quantity, line.product_uom_id)
        siblings = self.line_ids.filtered(
            lambda other: other.unit == line.unit
            and other.product_id == line.product_id
            and other.bom_line_id == line.bom_line_id
        )
        needed = sum(siblings.mapped("expected_qty")) - sum((siblings - line).mapped("quantity"))
        if float_compare(needed, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
            return line.quantity or 1.0
        on_hand = self._get_on_hand(lot)
        if on_hand > 0:
            on_hand = line.product_id.uom_id._compute_quantity(on_hand, line.product_uom_id)
            needed = min(needed, on_hand)
        return needed

    def _scan_extra_line(self, lot, parsed, expiration, product=None):
        product = product or lot.product_id
        same_lot = self.line_ids.filtered(
            lambda line: lot and line.lot_id == lot and line.unit == self.current_unit
        )[:1]
        if same_lot and product.tracking == "lot":
            same_lot.quantity += parsed["quantity"] or 1.0
            return same_lot
        if lot and product.tracking == "serial" and lot in self.line_ids.lot_id:
            other = self.line_ids.filtered(lambda line: line.lot_id == lot)[:1]
            raise UserError(
                self.env._(
                    "Serial %(lot)s is already scanned on %(line)s.",
                    lot=lot.name,
                    line=other._get_trace_label(),
                )
            )
        sibling = self._sorted_lines().filtered(lambda line: line.product_id == product)[-1:]
        if self.bom_id and not sibling and self.bom_id.consumption == "strict":
            raise UserError(
                self.env._(
                    "%(product)s (lot %(lot)s) is not on the composition list %(list)s.",
                    product=product.display_name,
                    lot=lot.name or "-",
                    list=self.bom_id.display_name,
                )
            )
        vals = {
            "build_id": self.id,
            "unit": self.current_unit,
            "sequence": sibling.sequence if sibling else 1000,
            "bom_line_id": sibling.bom_line_id.id,
            "product_id": product.id,
            "product_uom_id": (sibling.product_uom_id or product.uom_id).id,
            "lot_id": lot.id,
            "expiration_date": expiration,
            "expected_qty": 0.0,
            "quantity": 0.0,
        }
        if product.tracking == "serial":
            vals["quantity"] = 1.0
        elif parsed["quantity"]:
            vals["quantity"] = parsed["quantity"]
        if self.id:
            line = self.env["stock.lot.build.line"].create(vals)
        else:
            line = self.env["stock.lot.build.line"].new(vals)
            self.line_ids |= line
        if not vals["quantity"]:
            line.quantity = (sibling and self._get_scanned_quantity(line, lot, parsed)) or 1.0
        return line
