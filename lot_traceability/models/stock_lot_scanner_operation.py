# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError


class StockLotScannerOperation(models.AbstractModel):
    """What the Traceability Scanner's operations have in common on the server (Receive, Pick,
    Move, Count: ``stock.lot.scanner.<operation>`` inherit this model).

    The contract of their public (RPC) methods, see SCANNER_SHELL.md:

    - ``@api.model`` methods taking ids and strings, checking ``_check_scanner_access`` first;
      records come through ``_browse_for_scanner`` (exists, readable by the user, in the user's
      companies), never a bare ``browse`` of a client id;
    - they answer a dict: ``{"error": message}`` when the scan is refused (then NOTHING was
      written), else the operation's state with ``"warning"`` or ``"message"`` for the banner;
    - stock is changed only through Odoo's stock models (pickings, moves, move lines, quants in
      inventory mode, the backorder wizard), as the user: no ``sudo``, no parallel stock logic.
    """

    _name = "stock.lot.scanner.operation"
    _description = "Traceability Scanner Operation"

    @api.model
    def _check_scanner_access(self):
        self.env["stock.lot.scanner"]._check_scanner_access()

    @api.model
    def _scan_error(self, message):
        """The answer of a refused scan (nothing written)."""
        return {"error": message}

    @api.model
    def _browse_for_scanner(self, model, record_id, message=None):
        """The record ``record_id`` of ``model`` sent by the screen, when it exists, the user
        may read it and it belongs to one of the user's allowed companies; else UserError
        (``message`` or a generic one): a record the user may not see and one that does not
        exist get the same answer."""
        records = self.env[model]
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            records = records.browse(record_id).exists()._filtered_access("read")
        company_field = records._fields.get("company_id")
        if records and company_field and records.company_id:
            records = records.filtered(lambda r: r.company_id in self.env.companies)
        if not records:
            raise UserError(message or self.env._("This record no longer exists; scan it again."))
        return records

    @api.model
    def _parse_scan(self, code, product=None):
        """``stock.lot._parse_traceability_scan`` (the module's one scan parser: plain name,
        GS1 element string, GS1 Digital Link) with its UserError turned into a message:
        ``(values, False)`` or ``(False, message)``."""
        try:
            return self.env["stock.lot"]._parse_traceability_scan(code, product=product), False
        except UserError as error:
            return False, error.args[0]

    @api.model
    def _find_location_by_scan(self, code):
        """The internal location whose barcode (or full name) is ``code``, in the user's
        companies, or an empty recordset."""
        code = (code or "").strip()
        if not code:
            return self.env["stock.location"]
        domain = [("company_id", "in", [False, *self.env.companies.ids])]
        location = self.env["stock.location"].search([("barcode", "=", code), *domain], limit=1)
        if not location:
            location = self.env["stock.location"].search(
                [("complete_name", "=", code), *domain], limit=1
            )
        return location

    @api.model
    def _find_product_by_scan(self, code):
        """The product whose barcode (or a packaging's, GTIN-8/12/13/14 variants included) is
        ``code``, or an empty recordset."""
        code = (code or "").strip()
        if not code:
            return self.env["product.product"]
        nomenclature = self.env["barcode.nomenclature"]
        variants = [code]
        if code.isdigit() and len(code) in (8, 12, 13, 14):
            variants = nomenclature._gs1_gtin_barcode_variants(code.zfill(14))
        product = self.env["product.product"].search([("barcode", "in", variants)], limit=1)
        if not product:
            packaging = self.env["product.packaging"].search([("barcode", "in", variants)], limit=1)
            product = packaging.product_id
        return product

    @api.model
    def _get_lot_refusal(self, lot, operation):
        """Why ``lot`` may not be ``operation`` (e.g. "delivered"): ``False`` when it may, else
        the message naming the lot, its status and reason (``stock.lot``'s own refusal, so the
        scanner and the back office say the same) or its expiry."""
        if not lot:
            return False
        refusal = lot._get_trace_status_refusal(operation)
        if refusal:
            return refusal
        if lot.expiration_date and lot.expiration_date <= self.env.cr.now():
            return self.env._(
                "Lot %(lot)s of %(product)s cannot be %(operation)s: it expired on %(date)s.",
                lot=lot.name,
                product=lot.product_id.display_name,
                operation=operation,
                date=lot.expiration_date.date().isoformat(),
            )
        return False
