# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""GS1 on the lot: the one scan parser of the module (a plain name, a GS1 element string or a
GS1 Digital Link URI to a product, lot and values) and the printing of its labels."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _parse_traceability_scan(self, code, product=None):
        """Turn one scan (a plain lot/serial name, a GS1-128/DataMatrix element string or a GS1
        Digital Link URI) into what it designates.

        Returns a dict: ``product`` (product.product, maybe empty), ``lot`` (stock.lot, maybe
        empty), ``lot_name`` (str or False), ``expiration_date`` (datetime or False),
        ``production_date`` (date or False), ``quantity`` (float or False), ``gtin`` (14-digit
        str or False), and ``gs1`` (the GS1 values of
        ``barcode.nomenclature._gs1_elements_to_values``, or False for a plain name).
        ``product`` restricts the lot lookup. Raises UserError with a message a warehouse worker
        can act on when the scan is empty or malformed.

        This is the one scan parser of the module (scanner, build wizard, bulk serials); the
        parsing itself lives in ``barcode.nomenclature._parse_gs1_traceability``.
        """
        code = (code or "").strip(" \t\r\n")
        if not code:
            raise UserError(self.env._("The scan is empty."))
        nomenclature = self.env["barcode.nomenclature"]
        nomenclature._check_traceability_scan(code)
        plain_code = nomenclature._strip_symbology_identifier(code)
        product = product or self.env["product.product"]
        if not nomenclature._is_gs1_marked(code):
            lot = self._find_traceability_lot(plain_code, product)
            if lot:
                return self._prepare_traceability_scan_values(lot.product_id, lot, plain_code)
        candidates = []
        for gs1 in nomenclature._parse_gs1_traceability(code):
            gs1_product = self._find_traceability_product(gs1["gtin"], product)
            lot_name = gs1["serial"] or gs1["lot"]
            lot = self._find_traceability_lot(lot_name, gs1_product) if lot_name else self
            candidates.append((gs1, gs1_product, lot_name, lot))
            if lot:
                break
        if not nomenclature._is_gs1_marked(code):
            # An unmarked string read as GS1 must say something GS1 (a GTIN or a known lot).
            candidates = [c for c in candidates if c[0]["gtin"] or c[3]]
        if not candidates:
            return self._prepare_traceability_scan_values(product, self, plain_code)
        gs1, gs1_product, lot_name, lot = next((c for c in candidates if c[3]), candidates[0])
        return self._prepare_traceability_scan_values(
            lot.product_id or gs1_product, lot, lot_name, gs1
        )

    @api.model
    def _find_traceability_product(self, gtin, product):
        """The product a GTIN designates (product or packaging barcode, as GTIN-14/13/12/8);
        ``product`` when given, after checking the GTIN is not another product's."""
        if not gtin:
            return product
        variants = self.env["barcode.nomenclature"]._gs1_gtin_barcode_variants(gtin)
        found = self.env["product.product"].search([("barcode", "in", variants)], limit=1)
        if not found:
            packaging = self.env["product.packaging"].search([("barcode", "in", variants)], limit=1)
            found = packaging.product_id
        if product and found and found != product:
            raise UserError(
                self.env._(
                    "This label is for %(scanned)s (GTIN %(gtin)s), not for %(expected)s.",
                    scanned=found.display_name,
                    gtin=gtin,
                    expected=product.display_name,
                )
            )
        return found or product

    @api.model
    def _find_traceability_lot(self, name, product):
        """The one lot named ``name`` (of ``product`` when given), or an empty recordset."""
        domain = [("name", "=", name)]
        if product:
            domain.append(("product_id", "=", product.id))
        lot = self.search(domain, limit=2)
        return lot if len(lot) == 1 else self.browse()

    @api.model
    def _prepare_traceability_scan_values(self, product, lot, lot_name, gs1=None):
        gs1 = gs1 or {}
        expiration = gs1.get("expiration_date")
        return {
            "product": product or self.env["product.product"],
            "lot": lot,
            "lot_name": lot_name or False,
            "expiration_date": (expiration and fields.Datetime.to_datetime(expiration)) or False,
            "production_date": gs1.get("production_date") or False,
            "quantity": gs1.get("quantity") or False,
            "gtin": gs1.get("gtin") or False,
            "gs1": gs1 or False,
        }

    def action_print_traceability_labels(self, fmt="label"):
        """Print traceability labels of these lots: ``fmt`` is "label" (57 x 32 mm PDF),
        "a4" (A4 sheet PDF) or "zpl" (Zebra printers)."""
        return self._action_print_traceability_labels(fmt)

    def _action_print_traceability_labels(self, fmt="label"):
        """The report action printing these lots' labels (see action_print_traceability_labels);
        what the split wizard, pickings and the scanner call for their lots."""
        return self.env["stock.lot.label"]._get_report_action(self, fmt)
