# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockLotScannerPick(models.AbstractModel):
    """Pick and ship with the Traceability Scanner: open a delivery, pick it line by line
    (location, product, the lot reserved or else the first by the removal strategy — FEFO for
    dated products), scan the location and the lot, validate with Odoo's backorder choice.

    A lot on hold, recalled or expired is refused at the scan, with the reason and the next lot
    to take; a lot other than the one reserved is taken as Odoo takes it when the lot of a
    reserved line is changed (the reservation follows). Scanned lines are marked picked, as
    Odoo's barcode flow does: at validation, what was not picked goes to the backorder."""

    _name = "stock.lot.scanner.pick"
    _inherit = "stock.lot.scanner.operation"
    _description = "Traceability Scanner: Pick and Ship"

    @api.model
    @api.readonly
    def get_deliveries(self):
        self._check_scanner_access()
        return self._prepare_picking_choices("outgoing")

    @api.model
    def open_delivery(self, picking_ref):
        """The delivery ``picking_ref`` (an id or a scanned reference) and what to pick, or
        ``{"error"}``."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("outgoing", picking_ref)
        except UserError as error:
            return self._scan_error(error.args[0])
        return self._prepare_delivery(picking)

    @api.model
    def scan(self, picking_id, code, location_id=False):
        """One scan on the delivery: a location (where the next lots are taken from) or a lot
        (GS1 label, our label, its name) or an untracked product's barcode.

        Returns ``{"error", "proposal"}`` for a refusal (nothing written; ``proposal`` is the
        next lot to take: ``{"lot", "location", "quantity"}`` or False), ``{"location"}`` after
        a location, else the picked move (``lines``), ``line_id`` and a ``message``."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("outgoing", picking_id)
            location = self.env["stock.location"]
            if location_id:
                location = self._browse_for_scanner("stock.location", location_id)
            scanned_location = self._find_location_by_scan(code)
            if scanned_location:
                return self._prepare_location_scan(picking, scanned_location)
            values = self._prepare_pick_scan(picking, code, location)
        except UserError as error:
            return self._scan_error(error.args[0])
        if values.get("error"):
            return values
        line = self._record_pick_scan(values)
        result = self._prepare_delivery(picking, line.move_id)
        result["line_id"] = line.id
        result["message"] = self.env._(
            "Picked %(quantity)s %(uom)s of %(product)s%(lot)s from %(location)s.",
            quantity=line.quantity,
            uom=line.product_uom_id.name,
            product=line.product_id.display_name,
            lot=self.env._(", lot %(lot)s", lot=line.lot_id.name) if line.lot_id else "",
            location=line.location_id.display_name,
        )
        return result

    @api.model
    def set_quantity(self, picking_id, line_id, quantity):
        """Correct the picked quantity of a line (the -/+ buttons): at most what the lot has
        at its location (its reservation included)."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("outgoing", picking_id)
            line = self._get_line_to_correct(picking, line_id, quantity)
            available = line.quantity + line.product_id.uom_id._compute_quantity(
                self._get_free_quantity(line.product_id, line.location_id, line.lot_id),
                line.product_uom_id,
            )
            if (
                float_compare(quantity, available, precision_rounding=line.product_uom_id.rounding)
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(available)s %(uom)s of %(lot)s are at %(location)s.",
                        available=available,
                        uom=line.product_uom_id.name,
                        lot=line.lot_id.name or line.product_id.display_name,
                        location=line.location_id.display_name,
                    )
                )
        except UserError as error:
            return self._scan_error(error.args[0])
        line.write({"quantity": quantity, "picked": True})
        result = self._prepare_delivery(picking, line.move_id)
        result["line_id"] = line.id
        return result

    @api.model
    def validate(self, picking_id, backorder=None):
        """Validate the delivery (see ``_validate_picking``)."""
        self._check_scanner_access()
        try:
            picking = self._find_picking("outgoing", picking_id)
        except UserError as error:
            return self._scan_error(error.args[0])
        return self._validate_picking(picking, backorder)

    # ------------------------------------------------------------------
    # checks (nothing written)
    # ------------------------------------------------------------------

    @api.model
    def _prepare_location_scan(self, picking, location):
        if not location._child_of(picking.location_id):
            raise UserError(
                self.env._(
                    "%(location)s is not where %(picking)s is picked from (%(parent)s).",
                    location=location.display_name,
                    picking=picking.name,
                    parent=picking.location_id.display_name,
                )
            )
        return {
            "location": {"id": location.id, "name": location.display_name},
            "message": self.env._("At %(location)s: scan the lot.", location=location.display_name),
        }

    @api.model
    def _resolve_pick_scan(self, picking, code):
        """The product, lot and moves of ``picking`` a scan designates: a lot (GS1 label, our
        label, its name) or an untracked product's barcode. UserError when it designates
        nothing to pick."""
        values, error = self._parse_scan(code)
        product = values and values["product"]
        lot = values["lot"] if values else self.env["stock.lot"]
        if not product:
            # a plain product barcode (an untracked product)
            product = self._find_product_by_scan(code)
            values = {"lot_name": False} if product else values
        if error and not product:
            raise UserError(error)
        if not product:
            raise UserError(
                self.env._(
                    "Nothing is known under %(code)s: scan a location, a lot or a product.",
                    code=code,
                )
            )
        # searched, not filtered: a delivery of 500 lines has 500 moves
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
                    "%(product)s is not on delivery %(picking)s.",
                    product=product.display_name,
                    picking=picking.name,
                )
            )
        if product.tracking != "none" and not lot:
            if values and values["lot_name"]:
                raise UserError(
                    self.env._(
                        "No lot %(lot)s of %(product)s is known.",
                        lot=values["lot_name"],
                        product=product.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(product)s: scan the lot, not the product.", product=product.display_name
                )
            )
        return product, lot, moves

    @api.model
    def _prepare_pick_scan(self, picking, code, location):
        """What one scan picks: ``{"move", "lot", "location", "line"}`` (the line to pick,
        maybe empty), or ``{"error", "proposal"}`` for a lot that may not be shipped. Raises
        UserError for a scan that designates nothing to pick."""
        product, lot, moves = self._resolve_pick_scan(picking, code)
        move = moves.filtered(lambda m: m.move_line_ids.filtered(lambda ml: ml.lot_id == lot))[
            :1
        ] or self._get_move_to_pick(moves)
        refusal = self._get_lot_refusal(lot, self.env._("delivered to a customer"))
        if refusal:
            proposal = self._get_next_lot_proposal(move, location, exclude=lot)
            if proposal:
                refusal = self.env._(
                    "%(refusal)s Take lot %(lot)s at %(location)s instead.",
                    refusal=refusal,
                    lot=proposal["lot"],
                    location=proposal["location"],
                )
            return {"error": refusal, "proposal": proposal}
        line = move.move_line_ids.filtered(lambda ml: ml.lot_id == lot and not ml.picked)
        if location:
            line = line.filtered(lambda ml: ml.location_id == location)
        line = line[:1]
        if line:
            return {"move": move, "lot": lot, "location": line.location_id, "line": line}
        if move.move_line_ids.filtered(lambda ml: ml.lot_id == lot and ml.picked) and lot:
            raise UserError(
                self.env._(
                    "Lot %(lot)s is already picked: change its quantity on the line.", lot=lot.name
                )
            )
        source = location or self._get_lot_location(move, lot)
        if not source or not self._get_free_quantity(product, source, lot):
            raise UserError(
                self.env._(
                    "%(what)s has no free stock at %(location)s.",
                    what=lot.name or product.display_name,
                    location=(source or picking.location_id).display_name,
                )
            )
        if not source._child_of(picking.location_id):
            raise UserError(
                self.env._(
                    "%(location)s is not where %(picking)s is picked from.",
                    location=source.display_name,
                    picking=picking.name,
                )
            )
        return {"move": move, "lot": lot, "location": source, "line": self.env["stock.move.line"]}

    @api.model
    def _get_move_to_pick(self, moves):
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
    def _get_free_quantity(self, product, location, lot):
        """What is free of ``lot`` (or of the untracked product) at ``location`` itself, in
        the product's unit."""
        return self.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot or None, strict=True
        )

    @api.model
    def _get_lot_location(self, move, lot):
        """Where to take ``lot`` (not reserved for this move): its internal location with the
        most free stock under the delivery's source."""
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", move.product_id.id),
                ("lot_id", "=", lot.id if lot else False),
                ("location_id", "child_of", move.location_id.id),
                ("location_id.usage", "=", "internal"),
            ]
        )
        quants = quants.filtered(lambda q: q.quantity - q.reserved_quantity > 0)
        return quants.sorted(lambda q: q.reserved_quantity - q.quantity)[:1].location_id

    @api.model
    def _get_next_lot_proposal(self, move, location, exclude):
        """The lot to take instead of ``exclude``: the next lot reserved for the move and not
        picked yet, else the first lot with free stock by the product's removal strategy
        (FEFO for dated products: Odoo's ``_gather`` order) that may be shipped.
        ``{"lot", "lot_id", "location", "location_id", "quantity"}`` or False."""
        operation = self.env._("delivered to a customer")
        for line in move.move_line_ids:
            if (
                not line.picked
                and line.lot_id
                and line.lot_id != exclude
                and not self._get_lot_refusal(line.lot_id, operation)
            ):
                return self._prepare_proposal(line.lot_id, line.location_id, line.quantity)
        quants = self.env["stock.quant"]._gather(move.product_id, location or move.location_id)
        for quant in quants:
            free = quant.quantity - quant.reserved_quantity
            if (
                free > 0
                and quant.lot_id
                and quant.lot_id != exclude
                and quant.location_id.usage == "internal"
                and not self._get_lot_refusal(quant.lot_id, operation)
            ):
                return self._prepare_proposal(quant.lot_id, quant.location_id, free)
        return False

    @api.model
    def _prepare_proposal(self, lot, location, quantity):
        return {
            "lot": lot.name,
            "lot_id": lot.id,
            "location": location.display_name,
            "location_id": location.id,
            "quantity": quantity,
            "expiration_date": fields.Datetime.to_string(lot.expiration_date),
        }

    # ------------------------------------------------------------------
    # writing (after every check passed)
    # ------------------------------------------------------------------

    @api.model
    def _record_pick_scan(self, values):
        """Mark picked the line reserved for the lot; else give the lot to a line of the move
        not picked yet (Odoo moves the reservation to it) or, with none left, add a line as
        Odoo prepares it. The quantity: the line's reservation, at most what is free of the
        lot at its location and left to pick."""
        move, lot, location, line = (
            values["move"],
            values["lot"],
            values["location"],
            values["line"],
        )
        if line:
            line.picked = True
            return line
        free = move.product_id.uom_id._compute_quantity(
            self._get_free_quantity(move.product_id, location, lot), move.product_uom
        )
        left = move.product_uom_qty - self._get_scanned_quantity(move)
        if move.product_id.tracking == "serial":
            left = 1.0
        line = move.move_line_ids.filtered(lambda ml: not ml.picked)[:1]
        if line:
            # the line's reservation moves to the lot: no more than the lot has free
            quantity = min(free, line.quantity)
            line.write(
                {"lot_id": lot.id, "location_id": location.id, "quantity": quantity, "picked": True}
            )
            return line
        quantity = min(free, left) if left > 0 else min(free, 1.0)
        line_vals = move._prepare_move_line_vals(quantity=quantity)
        line_vals.update(
            {"lot_id": lot.id, "location_id": location.id, "quantity": quantity, "picked": True}
        )
        return self.env["stock.move.line"].create(line_vals)

    # ------------------------------------------------------------------
    # what the screen shows
    # ------------------------------------------------------------------

    @api.model
    def _prepare_delivery(self, picking, moves=None):
        """The delivery as the screen shows it: per move, what is ordered and picked and its
        lines (location, lot, quantity, picked), with the lot to take next. ``moves``: only
        those (the answer of a scan carries the move it changed)."""
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
                "location": picking.location_id.display_name,
            },
            "lines": [self._prepare_delivery_move(move) for move in moves],
        }

    @api.model
    def _prepare_delivery_move(self, move):
        lines = move.move_line_ids
        next_line = lines.filtered(lambda ml: not ml.picked)[:1]
        suggestion = False
        if next_line:
            suggestion = {
                "lot": next_line.lot_id.name or "",
                "location": next_line.location_id.display_name,
                "quantity": next_line.quantity,
                "reserved": True,
            }
        elif (
            float_compare(
                self._get_scanned_quantity(move),
                move.product_uom_qty,
                precision_rounding=move.product_uom.rounding,
            )
            < 0
            and move.product_id.tracking != "none"
        ):
            proposal = self._get_next_lot_proposal(move, False, self.env["stock.lot"])
            if proposal:
                suggestion = dict(proposal, reserved=False)
        return {
            "move_id": move.id,
            "product_id": move.product_id.id,
            "product": move.product_id.display_name,
            "tracking": move.product_id.tracking,
            "uom": move.product_uom.name,
            "demand": move.product_uom_qty,
            "quantity": self._get_scanned_quantity(move),
            "suggestion": suggestion,
            "lots": [
                {
                    "line_id": line.id,
                    "lot": line.lot_id.name or "",
                    "location": line.location_id.display_name,
                    "quantity": line.quantity,
                    "picked": line.picked,
                    "expiration_date": fields.Datetime.to_string(line.lot_id.expiration_date),
                }
                for line in lines
            ],
        }
