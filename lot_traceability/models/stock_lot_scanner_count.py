# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockLotScannerCount(models.AbstractModel):
    """Server side of the scanner's *Count*: scan a location, then each lot with the quantity
    counted; the counts are applied as Odoo's inventory adjustments (``stock.quant`` in
    inventory mode: ``inventory_quantity``, then ``action_apply_inventory``, as the user), so
    each difference is a done inventory move of the lot — in its history, and in a recall's
    mass balance (*Received / Produced* for stock found, *Inventory Losses* for stock written
    off). A lot counted as on hand is left as it is: no move of zero per lot (a shelf of 500
    lots confirmed would write 500 moves and 500 lines in the lots' histories).

    The count covers the stock of the location itself (not its sub-locations) outside
    packages and owners. Lots expected there but not scanned are left as they are unless the
    user confirms them as zero (``zero_lot_ids``: an explicit step). Writing off a lot on hold
    is for Traceability managers (the module's rule), refused before anything is written.

    Every public method answers ``{"error": message}`` for a refusal (see
    ``stock.lot.scanner.stock.mixin._scanner_answer``)."""

    _name = "stock.lot.scanner.count"
    _inherit = ["stock.lot.scanner.stock.mixin"]
    _description = "Traceability Scanner: Count"

    # ------------------------------------------------------------------
    # RPC: one call per scan
    # ------------------------------------------------------------------
    @api.model
    @api.readonly
    def scan_location(self, code=None, location_id=None):
        """The location to count (scanned, or ``location_id``). Returns ``{"location": loc,
        "expected": [lot + {"quantity"}, ...]}``: the lots on hand there, with their
        quantity (in the product's unit)."""
        return self._scanner_answer(self._scan_location, code, location_id)

    @api.model
    @api.readonly
    def scan_lot(self, location_id, code):
        """A lot scanned at the location being counted. Returns ``{"lot": lot + {"quantity"},
        "expected": bool, "can_write_off": bool}``: ``quantity`` is on hand there (0 for a
        lot found where it was not expected); ``can_write_off`` says whether the user may
        count less than that (a lot on hold: Traceability managers only). A GS1 label
        carrying a quantity gives it as ``label_quantity`` (the screen may add it per
        scan)."""
        return self._scanner_answer(self._scan_lot, location_id, code)

    @api.model
    @api.readonly
    def get_review(self, location_id, counts):
        """What applying ``counts`` (``[{"lot_id", "quantity"}]``) would do, nothing written:
        ``{"differences": [lot + {"quantity", "counted", "difference"}], "confirmed": n,
        "missing": [lot + {"quantity"}]}``; ``missing``: lots on hand there not counted (to
        confirm as zero, or leave uncounted)."""
        return self._scanner_answer(self._get_review, location_id, counts)

    @api.model
    def action_apply(self, location_id, counts, zero_lot_ids=None):
        """Apply ``counts`` and, counted as zero, the expected lots ``zero_lot_ids`` the user
        confirmed missing. All or nothing. Returns ``{"message", "differences": [...]}``."""
        return self._scanner_answer(self._action_apply, location_id, counts, zero_lot_ids)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    @api.model
    def _scan_location(self, code, location_id):
        if location_id:
            location = self._browse_location(location_id)
        else:
            location = self._find_location(code)
            if not location:
                raise UserError(
                    self.env._(
                        "No location is known under %(code)s: scan the label of the shelf or "
                        "bin to count.",
                        code=(code or "").strip() or self.env._("(an empty scan)"),
                    )
                )
        self._check_stock_location(location)
        on_hand = self._get_counted_quantities(location)
        expected = self._prepare_lots_vals(self.env["stock.lot"].browse(on_hand), on_hand)
        return {
            "location": self._prepare_location_vals(location),
            "expected": sorted(expected, key=lambda row: (row["product"], row["name"])),
        }

    @api.model
    def _scan_lot(self, location_id, code):
        location = self._browse_location(location_id)
        self._check_stock_location(location)
        lot, parsed = self._parse_scanned_lot(code, location)
        self._check_countable(lot, location)
        quantity = self._get_counted_quantities(location, lot).get(lot.id, 0.0)
        self._check_serial_elsewhere(lot, location, quantity)
        answer = {
            "lot": self._prepare_lot_vals(lot, quantity),
            "expected": float_compare(
                quantity, 0, precision_rounding=lot.product_id.uom_id.rounding
            )
            > 0,
            "can_write_off": self._can_write_off(lot),
        }
        if parsed["quantity"]:
            answer["label_quantity"] = parsed["quantity"]
        return answer

    @api.model
    def _get_review(self, location_id, counts):
        location = self._browse_location(location_id)
        self._check_stock_location(location)
        counted = self._check_counts(location, counts)
        on_hand = self._get_counted_quantities(location)
        differences, confirmed = self._get_differences(counted, on_hand)
        missing_lots = self.env["stock.lot"].browse(
            [lot_id for lot_id in on_hand if lot_id not in {lot.id for lot in counted}]
        )
        return {
            "differences": differences,
            "confirmed": confirmed,
            "missing": self._prepare_lots_vals(missing_lots, on_hand),
        }

    @api.model
    def _action_apply(self, location_id, counts, zero_lot_ids):
        location = self._browse_location(location_id)
        self._check_stock_location(location)
        counted = self._check_counts(location, counts)
        if not isinstance(zero_lot_ids or [], list):
            raise UserError(self.env._("The lots confirmed missing are not a list."))
        for lot in self._browse_lots(zero_lot_ids or []):
            if lot in counted:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s was counted: it cannot be confirmed missing too.",
                        lot=lot.name,
                    )
                )
            self._check_countable(lot, location)
            counted[lot] = 0.0
        if not counted:
            raise UserError(self.env._("Nothing was counted: scan a lot first."))
        on_hand = self._get_counted_quantities(location, self.env["stock.lot"].concat(*counted))
        differences, confirmed = self._get_differences(counted, on_hand)
        for lot, quantity in counted.items():
            self._check_serial_elsewhere(lot, location, on_hand.get(lot.id, 0.0), quantity)
            self._check_write_off(lot, on_hand.get(lot.id, 0.0), quantity)
        different = {row["id"] for row in differences}
        changed = {lot: qty for lot, qty in counted.items() if lot.id in different}
        if changed:
            self._apply_counts(location, changed)
        return {
            "message": self._get_apply_message(location, differences, confirmed),
            "differences": differences,
            "confirmed": confirmed,
        }

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _check_countable(self, lot, location):
        self._check_same_company(lot, location)
        if not lot.product_id.is_storable:
            raise UserError(
                self.env._(
                    "%(product)s is not tracked in stock: it is not counted.",
                    product=lot.product_id.display_name,
                )
            )

    @api.model
    def _check_counts(self, location, counts):
        """``{lot: quantity}`` from the screen's ``[{"lot_id", "quantity"}]``; a UserError
        for a malformed count, a lot counted twice, a lot of another company."""
        if not isinstance(counts, list):
            raise UserError(self.env._("The counts are not a list."))
        for count in counts:
            if not isinstance(count, dict):
                raise UserError(self.env._("A count is malformed: %(count)s.", count=count))
        lots = self._browse_lots([count.get("lot_id") for count in counts])
        lots.product_id.fetch(["is_storable", "tracking", "uom_id"])
        counted = {}
        for count, lot in zip(counts, lots, strict=True):
            if lot in counted:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s is counted twice: give its whole quantity once.",
                        lot=lot.name,
                    )
                )
            self._check_countable(lot, location)
            counted[lot] = self._check_quantity(count.get("quantity"), lot, allow_zero=True)
        return counted

    @api.model
    def _check_serial_elsewhere(self, lot, location, quantity_here, counted=1.0):
        """A serial found at ``location`` while Odoo has it in stock elsewhere is moved, not
        counted: a count would have it twice."""
        if lot.product_id.tracking != "serial" or quantity_here or not counted:
            return
        elsewhere = self.env["stock.quant"].search(
            [
                ("lot_id", "=", lot.id),
                ("location_id.usage", "=", "internal"),
                ("location_id", "!=", location.id),
                ("quantity", ">", 0),
            ],
            limit=1,
        )
        if elsewhere:
            raise UserError(
                self.env._(
                    "Serial %(lot)s is in stock at %(location)s: move it here (Move) rather "
                    "than count it, or it would be in stock twice.",
                    lot=lot.name,
                    location=elsewhere.location_id.display_name,
                )
            )

    @api.model
    def _can_write_off(self, lot):
        return (
            lot.trace_status == "available"
            or self.env.su
            or self.env.user.has_group("lot_traceability.group_traceability_manager")
        )

    @api.model
    def _check_write_off(self, lot, quantity, counted):
        """Writing off a lot on hold (counting less than on hand) is for Traceability managers
        (``stock.move.line._check_trace_status_inventory_loss``): refused here, before any
        quant is written."""
        rounding = lot.product_id.uom_id.rounding
        if float_compare(counted, quantity, precision_rounding=rounding) < 0 and not (
            self._can_write_off(lot)
        ):
            raise UserError(
                lot._get_trace_status_refusal(
                    self.env._(
                        "written off by an inventory adjustment except by a Traceability manager"
                    )
                )
            )

    # ------------------------------------------------------------------
    # Reading stock
    # ------------------------------------------------------------------
    @api.model
    def _get_counted_quantities(self, location, lots=None):
        """``{lot_id: quantity}``: what Odoo has of each lot at ``location`` itself, outside
        packages and owners (what the count sets), positive quantities only. One grouped
        read."""
        domain = [
            ("location_id", "=", location.id),
            ("lot_id", "!=", False),
            ("package_id", "=", False),
            ("owner_id", "=", False),
        ]
        if lots is not None:
            domain.append(("lot_id", "in", lots.ids))
        return {
            lot.id: quantity
            for lot, quantity in self.env["stock.quant"]._read_group(
                domain, ["lot_id"], ["quantity:sum"], having=[("quantity:sum", ">", 0)]
            )
        }

    @api.model
    def _get_differences(self, counted, on_hand):
        """``(differences, confirmed)``: a row per lot counted other than on hand (lot,
        ``quantity`` on hand, ``counted``, ``difference``), the number counted as on hand."""
        different = self.env["stock.lot"].concat(
            *(
                lot
                for lot, quantity in counted.items()
                if float_compare(
                    quantity,
                    on_hand.get(lot.id, 0.0),
                    precision_rounding=lot.product_id.uom_id.rounding,
                )
            )
        )
        differences = [
            {
                **row,
                "counted": counted[lot],
                "difference": counted[lot] - row["quantity"],
            }
            for lot, row in zip(different, self._prepare_lots_vals(different, on_hand), strict=True)
        ]
        return differences, len(counted) - len(different)

    # ------------------------------------------------------------------
    # Writing: Odoo's inventory adjustment
    # ------------------------------------------------------------------
    @api.model
    def _prepare_count_quant_vals(self, location, lot, quantity):
        return {
            "product_id": lot.product_id.id,
            "location_id": location.id,
            "lot_id": lot.id,
            "inventory_quantity": quantity,
        }

    @api.model
    def _apply_counts(self, location, counted):
        """Set each counted quantity in inventory mode and apply them, as the Physical
        Inventory screen does (the quants Odoo returns are sudo'ed: applied as the user)."""
        quants = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                [
                    self._prepare_count_quant_vals(location, lot, quantity)
                    for lot, quantity in counted.items()
                ]
            )
        )
        result = quants.with_env(self.env).action_apply_inventory()
        if isinstance(result, dict):
            raise UserError(
                self.env._(
                    "The stock of %(location)s changed while it was counted: scan the location "
                    "again and count again.",
                    location=location.display_name,
                )
            )
        return quants

    @api.model
    def _get_apply_message(self, location, differences, confirmed):
        if not differences:
            return self.env._(
                "%(location)s counted: %(count)s lots confirmed, no difference.",
                location=location.display_name,
                count=confirmed,
            )
        return self.env._(
            "%(location)s counted: %(differences)s applied; %(count)s lots confirmed.",
            location=location.display_name,
            differences=", ".join(
                "{} {}{}".format(
                    row["name"],
                    "+" if row["difference"] > 0 else "-",
                    self._format_quantity(
                        abs(row["difference"]), self.env["stock.lot"].browse(row["id"])
                    ),
                )
                for row in differences
            ),
            count=confirmed,
        )
