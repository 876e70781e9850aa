# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class StockLotScannerMove(models.AbstractModel):
    """Server side of the scanner's *Move*: scan a lot (or the location it is taken from),
    scan the destination (or choose the quarantine area), give the quantity; the move is an
    internal transfer of the warehouse's internal operation type, validated at once, its
    line sent where the putaway rules of the destination say.

    Lots on hold move like any other (the module's holds allow internal moves). Refused with a
    message, nothing written: a lot not at the location, a quantity above what is there, a
    destination that is not a stock location, the source itself, or of another company.

    Every public method answers ``{"error": message}`` for a refusal (see
    ``stock.lot.scanner.stock.mixin._scanner_answer``). The rights are the user's own: the
    transfer is created and validated as the user, with Odoo's access rights and rules."""

    _name = "stock.lot.scanner.move"
    _inherit = ["stock.lot.scanner.stock.mixin"]
    _description = "Traceability Scanner: Move"

    # ------------------------------------------------------------------
    # RPC: one call per scan
    # ------------------------------------------------------------------
    @api.model
    @api.readonly
    def scan_source(self, code=None, location_id=None, lot_id=None):
        """Where the move starts. ``code`` is a location or a lot scan; with ``location_id``
        (a location scanned before) it is the lot, with ``lot_id`` (a lot scanned before, on
        several locations) it is the location. Without ``code``: the lot and location chosen
        on the screen.

        Returns one of

        - ``{"location": loc, "lots": [lot, ...]}``: a location, with the lots on it (scan or
          tap one);
        - ``{"lot": lot, "locations": [loc + {"quantity", "reserved"}, ...]}``: a lot on
          several locations (scan or tap the one it is taken from);
        - ``{"location": loc, "lot": lot, "quantity": q, "reserved": r}``: the source is
          known; ``quantity`` is on the location (in the product's unit), ``reserved`` of it
          for other transfers (moving it takes it off them, as Odoo does).
        """
        return self._scanner_answer(self._scan_source, code, location_id, lot_id)

    @api.model
    @api.readonly
    def scan_destination(self, lot_id, location_id, code=None, quarantine=False):
        """Where the move goes: ``code`` (a location scan) or, with ``quarantine``, the
        company's quarantine location. Returns ``{"location_dest": loc, "putaway": loc,
        "quarantine": bool}``: ``putaway`` is where the putaway rules of the destination send
        this product (the destination itself when no rule applies)."""
        return self._scanner_answer(self._scan_destination, lot_id, location_id, code, quarantine)

    @api.model
    def action_move(self, lot_id, location_id, location_dest_id, quantity):
        """Move ``quantity`` (product's unit) of the lot from ``location_id`` to
        ``location_dest_id``: one internal transfer, validated. Returns ``{"message",
        "picking": {"id", "name"}, "location_dest": loc}`` (the putaway's location)."""
        return self._scanner_answer(
            self._action_move, lot_id, location_id, location_dest_id, quantity
        )

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    @api.model
    def _resolve_source_scan(self, code, location, lot):
        """``(location, lot)`` once ``code`` is read: the lot when a location is known, the
        location when a lot is known (or another location: the move starts from it),
        either when nothing is."""
        if lot and not location:
            location = self._find_location(code)
            if not location:
                raise UserError(self.env._("No location is known under %(code)s.", code=code))
            return location, lot
        other = self._find_location(code)
        if other:
            return other, None
        return location, self._find_scanned_lot(code, location)

    @api.model
    def _scan_source(self, code, location_id, lot_id):
        location = self._browse_location(location_id) if location_id else None
        lot = self._browse_lot(lot_id) if lot_id else None
        if code:
            location, lot = self._resolve_source_scan(code, location or None, lot)
        if location:
            self._check_stock_location(location)
        if not lot:
            if not location:
                raise UserError(self.env._("Scan a lot or the location to move it from."))
            return {
                "location": self._prepare_location_vals(location),
                "lots": self._get_location_lots(location),
            }
        if not location:
            places = self._get_lot_places(lot)
            if len(places) != 1:
                if not places:
                    raise UserError(
                        self.env._(
                            "Lot %(lot)s of %(product)s has no stock in a stock location.",
                            lot=lot.name,
                            product=lot.product_id.display_name,
                        )
                    )
                return {
                    "lot": self._prepare_lot_vals(lot),
                    "locations": [
                        {
                            **self._prepare_location_vals(place),
                            "quantity": quantity,
                            "reserved": reserved,
                        }
                        for place, quantity, reserved in places
                    ],
                }
            location = places[0][0]
        quantity, reserved = self._check_lot_at_location(lot, location)
        return {
            "location": self._prepare_location_vals(location),
            "lot": self._prepare_lot_vals(lot, quantity),
            "quantity": quantity,
            "reserved": reserved,
        }

    @api.model
    def _scan_destination(self, lot_id, location_id, code, quarantine):
        lot = self._browse_lot(lot_id)
        location = self._browse_location(location_id)
        self._check_lot_at_location(lot, location)
        destination = self._get_destination(location, code, quarantine)
        putaway = destination._get_putaway_strategy(lot.product_id)
        return {
            "location_dest": self._prepare_location_vals(destination),
            "putaway": self._prepare_location_vals(putaway or destination),
            "quarantine": self._is_quarantine(destination),
        }

    @api.model
    def _action_move(self, lot_id, location_id, location_dest_id, quantity):
        lot = self._browse_lot(lot_id)
        location = self._browse_location(location_id)
        destination = self._browse_location(location_dest_id)
        self._check_stock_location(location)
        self._check_destination(location, destination)
        quantity = self._check_quantity(quantity, lot)
        self._check_movable_quantity(lot, location, quantity)
        picking = self._create_move_picking(lot, location, destination, quantity)
        line_destinations = picking.move_line_ids.location_dest_id
        return {
            "message": self.env._(
                "%(quantity)s of %(lot)s moved from %(from_location)s to %(destination)s "
                "(%(picking)s).",
                quantity=self._format_quantity(quantity, lot),
                lot=lot.name,
                from_location=location.display_name,
                destination=", ".join(line_destinations.mapped("display_name")),
                picking=picking.name,
            ),
            "picking": {"id": picking.id, "name": picking.name},
            "location_dest": self._prepare_location_vals(line_destinations[:1]),
        }

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _check_lot_at_location(self, lot, location):
        """The lot's (quantity, reserved) at ``location``; a UserError naming where the lot
        is when it is not there."""
        self._check_stock_location(location)
        self._check_same_company(lot, location)
        quantity, reserved = self._get_lot_quantities(lot, location).get(lot.id, (0.0, 0.0))
        if float_compare(quantity, 0, precision_rounding=lot.product_id.uom_id.rounding) > 0:
            return quantity, reserved
        places = self._get_lot_places(lot)
        if places:
            where = ", ".join(
                f"{place.display_name} ({self._format_quantity(place_quantity, lot)})"
                for place, place_quantity, _reserved in places[:5]
            )
            raise UserError(
                self.env._(
                    "Lot %(lot)s of %(product)s is not at %(location)s; it is at %(where)s.",
                    lot=lot.name,
                    product=lot.product_id.display_name,
                    location=location.display_name,
                    where=where,
                )
            )
        raise UserError(
            self.env._(
                "Lot %(lot)s of %(product)s is not at %(location)s; it has no stock in a stock "
                "location.",
                lot=lot.name,
                product=lot.product_id.display_name,
                location=location.display_name,
            )
        )

    @api.model
    def _check_movable_quantity(self, lot, location, quantity):
        """``quantity`` is at most what the lot has loose at ``location`` (in no package:
        a package is moved whole, from the back office)."""
        quantity_here, _reserved = self._check_lot_at_location(lot, location)
        rounding = lot.product_id.uom_id.rounding
        if float_compare(quantity, quantity_here, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Only %(available)s of lot %(lot)s are at %(location)s: %(quantity)s cannot "
                    "be moved.",
                    available=self._format_quantity(quantity_here, lot),
                    lot=lot.name,
                    location=location.display_name,
                    quantity=self._format_quantity(quantity, lot),
                )
            )
        loose = sum(self._get_loose_quants(lot, location).mapped("quantity"))
        if float_compare(quantity, loose, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "%(packed)s of lot %(lot)s at %(location)s are in a package: move the "
                    "package from the back office, or move at most %(loose)s here.",
                    packed=self._format_quantity(quantity_here - loose, lot),
                    lot=lot.name,
                    location=location.display_name,
                    loose=self._format_quantity(loose, lot),
                )
            )

    @api.model
    def _get_destination(self, source, code, quarantine):
        if quarantine:
            destination = source.company_id.sudo().trace_quarantine_location_id.with_env(self.env)
            if not destination:
                raise UserError(
                    self.env._(
                        "%(company)s has no quarantine location (Inventory > Settings).",
                        company=source.company_id.name,
                    )
                )
        else:
            destination = self._find_location(code)
            if not destination:
                raise UserError(
                    self.env._(
                        "No location is known under %(code)s.",
                        code=(code or "").strip() or self.env._("(an empty scan)"),
                    )
                )
        self._check_destination(source, destination)
        return destination

    @api.model
    def _check_destination(self, source, destination):
        self._check_stock_location(destination)
        if destination.company_id != source.company_id:
            raise UserError(
                self.env._(
                    "%(destination)s belongs to %(dest_company)s, %(from_location)s to "
                    "%(company)s: stock does not move between companies by an internal transfer.",
                    destination=destination.display_name,
                    dest_company=destination.company_id.name,
                    from_location=source.display_name,
                    company=source.company_id.name,
                )
            )
        if destination == source:
            raise UserError(
                self.env._(
                    "The lot is already at %(location)s: scan where it goes.",
                    location=source.display_name,
                )
            )

    @api.model
    def _is_quarantine(self, location):
        quarantine = location.company_id.sudo().trace_quarantine_location_id
        return bool(quarantine) and location.sudo()._child_of(quarantine)

    # ------------------------------------------------------------------
    # Reading stock
    # ------------------------------------------------------------------
    @api.model
    def _get_location_lots(self, location):
        """The lots with stock at ``location``, with their quantity there."""
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "=", location.id),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
            ],
            ["lot_id"],
            ["quantity:sum"],
        )
        lots = self.env["stock.lot"].concat(*(lot for lot, _quantity in groups))
        rows = self._prepare_lots_vals(lots, {lot.id: quantity for lot, quantity in groups})
        return sorted(rows, key=lambda row: (row["product"], row["name"]))

    @api.model
    def _get_lot_places(self, lot):
        """``[(location, quantity, reserved)]``: the stock locations holding the lot, most
        first."""
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "=", lot.id), ("location_id.usage", "=", "internal")],
            ["location_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        rounding = lot.product_id.uom_id.rounding
        places = [
            (location, quantity, reserved)
            for location, quantity, reserved in groups
            if float_compare(quantity, 0, precision_rounding=rounding) > 0
        ]
        return sorted(places, key=lambda place: -place[1])

    @api.model
    def _get_loose_quants(self, lot, location):
        """The lot's quants at ``location`` itself outside any package, positive."""
        return self.env["stock.quant"].search(
            [
                ("lot_id", "=", lot.id),
                ("location_id", "=", location.id),
                ("package_id", "=", False),
                ("quantity", ">", 0),
            ],
            order="in_date, id",
        )

    # ------------------------------------------------------------------
    # Writing: Odoo's internal transfer
    # ------------------------------------------------------------------
    @api.model
    def _get_internal_picking_type(self, location):
        picking_type = location.warehouse_id.int_type_id
        if not picking_type:
            picking_type = self.env["stock.picking.type"].search(
                [("code", "=", "internal"), ("company_id", "=", location.company_id.id)],
                limit=1,
            )
        if not picking_type:
            raise UserError(
                self.env._(
                    "%(company)s has no internal transfer operation type to move stock with.",
                    company=location.company_id.name,
                )
            )
        return picking_type

    @api.model
    def _prepare_move_picking_vals(self, location, destination, picking_type):
        return {
            "picking_type_id": picking_type.id,
            "location_id": location.id,
            "location_dest_id": destination.id,
            "company_id": location.company_id.id,
            "origin": self.env._("Scanner"),
        }

    @api.model
    def _prepare_move_vals(self, picking, lot, quantity):
        product = lot.product_id
        return {
            "name": product.display_name,
            "picking_id": picking.id,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "picking_type_id": picking.picking_type_id.id,
            "company_id": picking.company_id.id,
            # the lines of the lot chosen, as a worker fills the detailed operations (no
            # reservation by removal strategy, which would take another lot)
            "move_line_ids": [
                Command.create({**vals, "picking_id": picking.id})
                for vals in self._prepare_move_line_vals(
                    lot, picking.location_id, picking.location_dest_id, quantity
                )
            ],
        }

    @api.model
    def _prepare_move_line_vals(self, lot, location, destination, quantity):
        """One line per loose quant taken (its owner kept), oldest first."""
        product = lot.product_id
        rounding = product.uom_id.rounding
        vals_list = []
        for quant in self._get_loose_quants(lot, location):
            if float_is_zero(quantity, precision_rounding=rounding):
                break
            taken = min(quantity, quant.quantity)
            quantity -= taken
            vals_list.append(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "lot_id": lot.id,
                    "owner_id": quant.owner_id.id,
                    "location_id": location.id,
                    "location_dest_id": destination.id,
                    "quantity": taken,
                    "picked": True,
                }
            )
        return vals_list

    @api.model
    def _create_move_picking(self, lot, location, destination, quantity):
        """The internal transfer, its lines sent by the putaway rules, validated."""
        picking_type = self._get_internal_picking_type(location)
        picking = self.env["stock.picking"].create(
            self._prepare_move_picking_vals(location, destination, picking_type)
        )
        self.env["stock.move"].create(self._prepare_move_vals(picking, lot, quantity))
        picking.action_confirm()
        picking.move_line_ids._apply_putaway_strategy()
        # the screen showed the lot's expiry and status before the move was asked for: moving
        # an expired lot (to quarantine, most often) needs no confirmation dialog more
        picking.with_context(
            skip_backorder=True, cancel_backorder=True, skip_expired=True
        ).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The transfer %(picking)s could not be validated; nothing was moved.",
                    picking=picking.name,
                )
            )
        return picking
