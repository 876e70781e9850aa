# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class StockLotScannerReceive(models.AbstractModel):
    """Receive with the Traceability Scanner: open a receipt (scan its reference or choose it
    from the day's list), scan the supplier's labels, validate with Odoo's backorder choice.

    One GS1 scan (GTIN, lot, expiry, production date, quantity or net weight) records a line;
    a plain product barcode asks for the lot next (typed or scanned). A new lot is created as
    Odoo creates lots on a receipt — ``stock.move.line._prepare_new_lot_vals`` (supplier of the
    receipt, expiry) — with the label's production date and the supplier's lot number; a product
    with a numbering rule gets our own name, the supplier's number kept. Every refusal (a product
    not on the receipt, a lot of another product, a serial already received or in stock, an
    expired lot, a malformed label) is decided before anything is written."""

    _name = "stock.lot.scanner.receive"
    _inherit = "stock.lot.scanner.operation"
    _description = "Traceability Scanner: Receive"

    @api.model
    @api.readonly
    def get_receipts(self):
        """The receipts to receive (see ``_prepare_picking_choices``)."""
        self._check_scanner_access()
        return self._prepare_picking_choices("incoming")

    @api.model
    def open_receipt(self, picking_ref):
        """The receipt ``picking_ref`` (an id or a scanned reference) and its lines, or
        ``{"error"}``."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("incoming", picking_ref)
        except UserError as error:
            return self._scan_error(error.args[0])
        return self._prepare_receipt(picking)

    @api.model
    def scan(self, picking_id, code, product_id=False):
        """One scan on the receipt ``picking_id``. ``product_id``: the product scanned just
        before, which waits for its lot (``code`` is then its lot name or a label).

        Returns ``{"error"}`` (nothing written), ``{"need_lot": {"id", "name"}, "message"}``
        when a lot is to be scanned next, or the receipt (``_prepare_receipt``) with the line
        recorded (``line_id``) and a ``message`` or ``warning`` (more than ordered)."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("incoming", picking_id)
            pending = self.env["product.product"]
            if product_id:
                pending = self._browse_for_scanner("product.product", product_id)
            values = self._prepare_receive_scan(picking, code, pending)
        except UserError as error:
            return self._scan_error(error.args[0])
        if values.get("need_lot"):
            return values
        line, warning = self._record_receipt_scan(picking, values)
        result = self._prepare_receipt(picking, line.move_id)
        result["line_id"] = line.id
        message = self.env._(
            "%(quantity)s %(uom)s of %(product)s, lot %(lot)s",
            quantity=values["quantity"],
            uom=values["product"].uom_id.name,
            product=values["product"].display_name,
            lot=line.lot_id.name or "-",
        )
        if warning:
            result["warning"] = f"{message}. {warning}"
        else:
            result["message"] = message
        return result

    @api.model
    def set_quantity(self, picking_id, line_id, quantity):
        """Correct the quantity of a line scanned on the receipt (the -/+ buttons)."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("incoming", picking_id)
            line = self._get_line_to_correct(picking, line_id, quantity)
        except UserError as error:
            return self._scan_error(error.args[0])
        line.write({"quantity": quantity, "picked": True})
        result = self._prepare_receipt(picking, line.move_id)
        result["line_id"] = line.id
        warning = self._get_over_receipt_warning(line.move_id, 0.0)
        if warning:
            result["warning"] = warning
        return result

    @api.model
    def validate(self, picking_id, backorder=None):
        """Validate the receipt (see ``_validate_picking``), then its state."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("incoming", picking_id)
        except UserError as error:
            return self._scan_error(error.args[0])
        result = self._validate_picking(picking, backorder)
        if result.get("done"):
            result["lot_ids"] = picking.move_line_ids.lot_id.ids
        return result

    @api.model
    def print_labels(self, picking_id):
        """The report action printing our labels (the module's label report) for the lots
        received on ``picking_id``."""
        self._check_scanner_access()
        picking = self._browse_for_scanner("stock.picking", picking_id)
        lots = picking.move_line_ids.filtered("picked").lot_id
        if not lots:
            raise UserError(self.env._("No lot was received on %(picking)s.", picking=picking.name))
        return lots._action_print_traceability_labels("label")

    # ------------------------------------------------------------------
    # checks (nothing written)
    # ------------------------------------------------------------------

    @api.model
    def _prepare_receive_scan(self, picking, code, pending):
        """What one scan receives: ``{"product", "move", "lot" (existing, maybe empty),
        "lot_name", "expiration_date", "production_date", "quantity"}`` (quantity in the
        product's unit), or ``{"need_lot": ...}``. Raises UserError for a refused scan."""
        code = (code or "").strip()
        if not code:
            raise UserError(self.env._("The scan is empty."))
        if not pending:
            product = self._find_product_by_scan(code)
            if product:
                move = self._get_receipt_move(picking, product)
                if product.tracking == "none":
                    return self._prepare_received_values(move, product, {})
                return self._prepare_need_lot(product)
        values, error = self._parse_scan(code, product=pending or None)
        if error and pending and not self.env["barcode.nomenclature"]._is_gs1_marked(code):
            # a lot typed or scanned from a plain label after its product: its name as is
            values = {
                "product": pending,
                "lot": self.env["stock.lot"]._find_traceability_lot(code, pending),
                "lot_name": code,
            }
        elif error:
            raise UserError(error)
        product = values["product"] or pending
        if not product:
            raise UserError(
                self.env._(
                    "Nothing is known under %(code)s: scan a product or a supplier's GS1 label.",
                    code=code,
                )
            )
        if pending and product != pending:
            raise UserError(
                self.env._(
                    "This label is for %(scanned)s, not for %(expected)s.",
                    scanned=product.display_name,
                    expected=pending.display_name,
                )
            )
        move = self._get_receipt_move(picking, product)
        if product.tracking != "none" and not values["lot_name"]:
            return self._prepare_need_lot(product)
        return self._prepare_received_values(move, product, values)

    @api.model
    def _prepare_need_lot(self, product):
        return {
            "need_lot": {"id": product.id, "name": product.display_name},
            "message": self.env._(
                "%(product)s: scan or type its lot.", product=product.display_name
            ),
        }

    @api.model
    def _get_receipt_move(self, picking, product):
        """The move of ``picking`` receiving ``product``: the first one not fully received;
        UserError when the product is not on the receipt."""
        # searched, not filtered: a receipt of 500 lines has 500 moves
        moves = self.env["stock.move"].search(
            [
                ("picking_id", "=", picking.id),
                ("product_id", "=", product.id),
                ("state", "not in", ("done", "cancel")),
            ],
            order="id",
        )
        if not moves:
            raise UserError(
                self.env._(
                    "%(product)s is not on receipt %(picking)s.",
                    product=product.display_name,
                    picking=picking.name,
                )
            )
        return (
            moves.filtered(
                lambda move: float_compare(
                    self._get_scanned_quantity(move),
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            )[:1]
            or moves[:1]
        )

    @api.model
    def _get_scan_quantity(self, move, product, values):
        """The quantity a scan receives, in the product's unit: the label's count (AI 30/37)
        or net weight in kg (AI 310n) for a product counted by weight; else one serial, one
        unit of an untracked product, or what is left to receive of the move."""
        if values.get("quantity"):
            return values["quantity"]
        measures = (values.get("gs1") or {}).get("measures") or {}
        weight = next((value for ai, value in measures.items() if ai.startswith("310")), False)
        uom_kg = self.env.ref("uom.product_uom_kgm")
        if weight and product.uom_id.category_id == uom_kg.category_id:
            return uom_kg._compute_quantity(weight, product.uom_id)
        if product.tracking in ("serial", "none"):
            return 1.0
        left = move.product_uom._compute_quantity(
            move.product_uom_qty - self._get_scanned_quantity(move), product.uom_id
        )
        return left if left > 0 else 1.0

    @api.model
    def _prepare_received_values(self, move, product, values):
        lot = values.get("lot") or self.env["stock.lot"]
        lot_name = values.get("lot_name") or False
        quantity = self._get_scan_quantity(move, product, values)
        if float_is_zero(quantity, precision_rounding=product.uom_id.rounding) or quantity < 0:
            raise UserError(self.env._("The label's quantity is zero."))
        expiration = values.get("expiration_date") or lot.expiration_date
        if product.tracking != "none":
            if expiration and expiration <= self.env.cr.now():
                raise UserError(
                    self.env._(
                        "Lot %(lot)s of %(product)s expired on %(date)s: it is not received.",
                        lot=lot_name,
                        product=product.display_name,
                        date=fields.Date.to_string(expiration),
                    )
                )
            if lot and lot.product_id != product:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s is a lot of %(other)s, not of %(product)s.",
                        lot=lot.name,
                        other=lot.product_id.display_name,
                        product=product.display_name,
                    )
                )
            if product.tracking == "serial":
                self._check_new_serial(move.picking_id, product, lot, lot_name, quantity)
        return {
            "product": product,
            "move": move,
            "lot": lot,
            "lot_name": lot_name,
            "expiration_date": values.get("expiration_date") or False,
            "production_date": values.get("production_date") or False,
            "quantity": quantity,
        }

    @api.model
    def _check_new_serial(self, picking, product, lot, serial, quantity):
        """A serial is received once: not twice on this receipt, not when it is in stock."""
        if quantity != 1:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by serial number: one unit per serial, not "
                    "%(quantity)s.",
                    product=product.display_name,
                    quantity=quantity,
                )
            )
        on_receipt = picking.move_line_ids.filtered(
            lambda line: line.product_id == product
            and ((lot and line.lot_id == lot) or (line.lot_name and line.lot_name == serial))
        )
        in_stock = lot and self.env["stock.quant"].search_count(
            [
                ("lot_id", "=", lot.id),
                ("location_id.usage", "in", ("internal", "transit")),
                ("quantity", ">", 0),
            ],
            limit=1,
        )
        if on_receipt or in_stock:
            raise UserError(
                self.env._(
                    "Serial %(serial)s of %(product)s is already %(where)s.",
                    serial=serial,
                    product=product.display_name,
                    where=self.env._("on this receipt") if on_receipt else self.env._("in stock"),
                )
            )

    @api.model
    def _get_over_receipt_warning(self, move, added):
        """A warning when ``move`` receives more than ordered (``added`` in the move's unit
        still to come)."""
        picked = self._get_scanned_quantity(move) + added
        if (
            float_compare(
                picked, move.product_uom_qty, precision_rounding=move.product_uom.rounding
            )
            > 0
        ):
            return self.env._(
                "More than ordered: %(picked)s %(uom)s received for %(ordered)s %(uom)s.",
                picked=picked,
                ordered=move.product_uom_qty,
                uom=move.product_uom.name,
            )
        return False

    # ------------------------------------------------------------------
    # writing (after every check passed)
    # ------------------------------------------------------------------

    @api.model
    def _record_receipt_scan(self, picking, values):
        """Put the quantity on a line of the move — the line already receiving that lot, a
        line of the move without a lot yet (Odoo prepares one per move), or a new line as Odoo
        prepares it (``_prepare_move_line_vals``, putaway included) — then create the lot if it
        is new. Returns the line and the over-receipt warning."""
        move = values["move"]
        product = values["product"]
        quantity = product.uom_id._compute_quantity(values["quantity"], move.product_uom)
        warning = self._get_over_receipt_warning(move, quantity)
        lot = values["lot"]
        if lot or product.tracking == "none":
            line = move.move_line_ids.filtered(lambda ml: ml.picked and ml.lot_id == lot)[:1]
            if line and product.tracking != "serial":
                line.quantity += quantity
                return line, warning
        line = move.move_line_ids.filtered(lambda ml: not ml.picked and not ml.lot_id)[:1]
        vals = {"quantity": quantity, "picked": True}
        if lot:
            vals["lot_id"] = lot.id
        elif product.tracking != "none":
            vals.update(lot_name=values["lot_name"], expiration_date=values["expiration_date"])
        if line:
            line.write(vals)
        else:
            line_vals = move._prepare_move_line_vals(quantity=quantity)
            line_vals.update(vals)
            line = self.env["stock.move.line"].create(line_vals)
        if not lot and product.tracking != "none":
            line.lot_id = self._create_received_lot(line, values)
        return line, warning

    @api.model
    def _prepare_received_lot_vals(self, line, values):
        """The values of a lot received from a supplier's label: those Odoo gives a lot created
        on a receipt (``stock.move.line._prepare_new_lot_vals`` of its line: name, product,
        company, supplier, expiry) with the label's production date and the supplier's lot
        number. A product with a numbering rule is named by its rule."""
        vals = line._prepare_new_lot_vals()
        vals["supplier_lot_name"] = values["lot_name"]
        if values["production_date"]:
            vals["production_date"] = values["production_date"]
        if line.product_id._get_lot_numbering_rule(line.company_id):
            vals.pop("name", None)
        return vals

    @api.model
    def _create_received_lot(self, line, values):
        return self.env["stock.lot"].create(self._prepare_received_lot_vals(line, values))

    # ------------------------------------------------------------------
    # what the screen shows
    # ------------------------------------------------------------------

    @api.model
    def _prepare_receipt(self, picking, moves=None):
        """The receipt as the screen shows it: the picking and, per move, what was ordered and
        what was scanned (lot by lot). ``moves``: only those (the answer of a scan carries the
        move it changed, not the 500 others of a long receipt)."""
        if moves is None:
            moves = picking.move_ids.filtered(lambda m: m.state != "cancel")
        else:
            # read on their own: reached through the picking, a move shares its prefetch set
            # with the transfer's other moves (500 on a long one), recomputed and read with it
            moves = moves.browse(moves.ids)
        return {
            "picking": {
                "id": picking.id,
                "name": picking.name,
                "partner": picking.partner_id.display_name or "",
                "state": picking.state,
            },
            "lines": [self._prepare_receipt_move(move) for move in moves],
        }

    @api.model
    def _prepare_receipt_move(self, move):
        return {
            "move_id": move.id,
            "product_id": move.product_id.id,
            "product": move.product_id.display_name,
            "tracking": move.product_id.tracking,
            "uom": move.product_uom.name,
            "demand": move.product_uom_qty,
            "quantity": self._get_scanned_quantity(move),
            "lots": [
                {
                    "line_id": line.id,
                    "lot": line.lot_id.name or "",
                    "supplier_lot": line.lot_id.supplier_lot_name or "",
                    "expiration_date": fields.Datetime.to_string(line.lot_id.expiration_date),
                    "quantity": line.quantity,
                }
                for line in move.move_line_ids
                if line.picked
            ],
        }
