# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


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

    # pickings: opened by a scan of their reference or from the day's list, validated with
    # Odoo's own backorder choice

    @api.model
    def _get_open_picking_domain(self, picking_type_code):
        return [
            ("picking_type_code", "=", picking_type_code),
            ("state", "in", ("confirmed", "waiting", "assigned")),
            ("company_id", "in", self.env.companies.ids),
        ]

    @api.model
    def _prepare_picking_choices(self, picking_type_code, limit=30):
        """The transfers of the day (scheduled up to the end of today, oldest first, then the
        ones to come) a worker chooses from instead of scanning the reference."""
        domain = self._get_open_picking_domain(picking_type_code)
        pickings = self.env["stock.picking"].search(domain, order="scheduled_date, id", limit=limit)
        return [
            {
                "id": picking.id,
                "name": picking.name,
                "partner": picking.partner_id.display_name or "",
                "scheduled_date": fields.Datetime.to_string(picking.scheduled_date),
                "origin": picking.origin or "",
                "state": picking.state,
            }
            for picking in pickings
        ]

    @api.model
    def _find_picking(self, picking_type_code, picking_ref):
        """The open transfer of type ``picking_type_code`` designated by ``picking_ref``: an id
        (chosen from the list) or a scanned reference. UserError naming what is wrong."""
        Picking = self.env["stock.picking"]
        if isinstance(picking_ref, str):
            picking = Picking.search(
                [("name", "=", picking_ref.strip()), ("company_id", "in", self.env.companies.ids)],
                limit=1,
            )
            if not picking:
                raise UserError(
                    self.env._("No transfer is known under %(code)s.", code=picking_ref)
                )
        else:
            picking = self._browse_for_scanner(
                "stock.picking",
                picking_ref,
                self.env._("This transfer no longer exists; scan it again."),
            )
        if picking.picking_type_code != picking_type_code:
            raise UserError(
                self.env._(
                    "%(picking)s is not a %(kind)s.",
                    picking=picking.name,
                    kind=dict(
                        picking._fields["picking_type_code"]._description_selection(self.env)
                    )[picking_type_code].lower(),
                )
            )
        if picking.state in ("draft", "done", "cancel"):
            raise UserError(
                self.env._(
                    "%(picking)s is %(state)s: there is nothing to scan on it.",
                    picking=picking.name,
                    state=dict(picking._fields["state"]._description_selection(self.env))[
                        picking.state
                    ],
                )
            )
        return picking

    @api.model
    def _validate_picking(self, picking, backorder=None):
        """Validate ``picking`` as its Validate button does (``button_validate``), with the
        answer of Odoo's backorder wizard when it asks: ``backorder`` True (create the
        backorder), False (no backorder), None (not asked yet). Returns
        ``{"backorder_needed": True, "message"}`` when the wizard asks and no answer was given,
        ``{"done": True, "backorder": name or False, "message"}`` once validated, or
        ``{"action": ...}`` for another of Odoo's confirmation wizards, left to the back
        office's dialog."""
        if not picking.move_ids.filtered("picked"):
            return self._scan_error(
                self.env._("Nothing was scanned on %(picking)s yet.", picking=picking.name)
            )
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            if backorder is None:
                return {
                    "backorder_needed": True,
                    "message": self.env._(
                        "Less than ordered: create a backorder for the rest, or close "
                        "%(picking)s without one?",
                        picking=picking.name,
                    ),
                }
            wizard = (
                self.env["stock.backorder.confirmation"]
                .with_context(**result["context"])
                .create({})
            )
            result = wizard.process() if backorder else wizard.process_cancel_backorder()
        if isinstance(result, dict) and result.get("type"):
            return {"action": result}
        if picking.state != "done":
            return self._scan_error(
                self.env._("%(picking)s could not be validated.", picking=picking.name)
            )
        backorder_picking = self.env["stock.picking"].search(
            [("backorder_id", "=", picking.id)], limit=1
        )
        return {
            "done": True,
            "backorder": backorder_picking.name or False,
            "message": self.env._("%(picking)s validated.", picking=picking.name)
            if not backorder_picking
            else self.env._(
                "%(picking)s validated; the rest is in %(backorder)s.",
                picking=picking.name,
                backorder=backorder_picking.name,
            ),
        }

    @api.model
    def _get_scanned_quantity(self, move):
        """What was scanned on ``move``: its picked lines, in the move's unit. (Odoo's
        ``_get_picked_quantity`` answers the whole reserved quantity while no line is
        picked.)"""
        return sum(
            line.product_uom_id._compute_quantity(line.quantity, move.product_uom, round=False)
            for line in move.move_line_ids
            if line.picked
        )

    @api.model
    def _get_line_to_correct(self, picking, line_id, quantity):
        """The line ``line_id`` of ``picking`` whose quantity the -/+ buttons set to
        ``quantity``, after checking the quantity (a number above zero, one per serial);
        UserError otherwise."""
        line = self._browse_for_scanner("stock.move.line", line_id)
        if line.picking_id != picking:
            raise UserError(self.env._("This line is not on %(picking)s.", picking=picking.name))
        if not isinstance(quantity, int | float) or isinstance(quantity, bool):
            raise UserError(self.env._("The quantity must be a number."))
        if float_compare(quantity, 0, precision_rounding=line.product_uom_id.rounding) <= 0:
            raise UserError(self.env._("The quantity must be more than zero."))
        if line.product_id.tracking == "serial" and quantity != 1:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by serial number: one unit per serial.",
                    product=line.product_id.display_name,
                )
            )
        return line
