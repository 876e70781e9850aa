# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round, formatLang


class StockLotScannerStockMixin(models.AbstractModel):
    """What the scanner's stock operations (Move, Count) share, on top of the shell's
    ``stock.lot.scanner.operation``: one scan of a location or a lot turned into a record the
    user may use, quantities checked against the product's
    unit, and the answer of an RPC that never ends in a traceback.

    Every public method of an operation goes through :meth:`_scanner_answer`: it checks that
    the user is a Traceability user, runs the step inside a savepoint and turns a refusal
    (``UserError``, ``AccessError``, ``ValidationError``) into ``{"error": message}``, the
    savepoint rolled back: a refused step writes nothing, even when Odoo's own checks refuse
    half-way through a validation."""

    _name = "stock.lot.scanner.stock.mixin"
    _inherit = "stock.lot.scanner.operation"
    _description = "Traceability Scanner: stock operation helpers"

    @api.model
    def _scanner_answer(self, step, *args):
        self._check_scanner_access()
        try:
            with self.env.cr.savepoint():
                return step(*args)
        except (UserError, AccessError, ValidationError) as error:
            return self._scan_error(error.args[0])

    # ------------------------------------------------------------------
    # Records named by the screen (ids) or by a scan (codes)
    # ------------------------------------------------------------------
    @api.model
    def _browse_location(self, location_id):
        return self._browse_for_scanner(
            "stock.location",
            location_id,
            self.env._("This location no longer exists; scan it again."),
        )

    @api.model
    def _browse_lot(self, lot_id):
        return self._browse_for_scanner(
            "stock.lot", lot_id, self.env._("This lot no longer exists; scan it again.")
        )

    @api.model
    def _browse_lots(self, lot_ids):
        """The lots ``lot_ids`` sent by the screen, in that order, checked as
        ``_browse_for_scanner`` does but in one query for all of them (a count sends hundreds):
        a UserError when one is not an id, does not exist, may not be read or is of a company
        the user does not work in now."""
        message = self.env._("This lot no longer exists; scan it again.")
        if any(isinstance(lot_id, bool) or not isinstance(lot_id, int) for lot_id in lot_ids):
            raise UserError(message)
        lots = self.env["stock.lot"].browse(lot_ids).exists()._filtered_access("read")
        lots = lots.filtered(lambda lot: not lot.company_id or lot.company_id in self.env.companies)
        if set(lots.ids) != set(lot_ids):
            raise UserError(message)
        return self.env["stock.lot"].browse(lot_ids)

    @api.model
    def _find_location(self, code):
        """The stock location a scan designates (``_find_location_by_scan``: its barcode,
        else its full name "WH/Stock/Shelf 1"; typed, the full name in any case), among the
        locations of the user's allowed companies; an empty recordset when nothing matches.
        A location of one of the user's other companies is named in a UserError (switch
        company), never used."""
        code = (code or "").strip(" \t\r\n")
        location = self._find_location_by_scan(code)
        if location or not code:
            return location
        Location = self.env["stock.location"]
        locations = Location.search(
            [("complete_name", "=ilike", code), ("company_id", "in", self.env.companies.ids)],
            limit=2,
        )
        if len(locations) == 1:
            return locations
        elsewhere = Location.sudo().search(
            [
                "|",
                ("barcode", "=", code),
                ("complete_name", "=ilike", code),
                ("company_id", "in", self.env.user.company_ids.ids),
                ("company_id", "not in", self.env.companies.ids),
            ],
            limit=1,
        )
        if elsewhere:
            raise UserError(
                self.env._(
                    "Location %(location)s belongs to %(company)s: switch to that company to "
                    "work in it.",
                    location=elsewhere.complete_name,
                    company=elsewhere.company_id.name,
                )
            )
        return Location

    @api.model
    def _check_stock_location(self, location):
        """``location`` holds stock counted in the company: an internal location."""
        if location.usage != "internal":
            raise UserError(
                self.env._(
                    "%(location)s is not a stock location (it is a %(usage)s location): scan "
                    "a shelf, a bin or a stock location.",
                    location=location.display_name,
                    usage=dict(location._fields["usage"]._description_selection(self.env))[
                        location.usage
                    ],
                )
            )

    @api.model
    def _find_scanned_lot(self, code, location=None):
        return self._parse_scanned_lot(code, location)[0]

    @api.model
    def _parse_scanned_lot(self, code, location=None):
        """``(lot, parsed)``: the lot a scan designates (a plain lot name, a GS1 barcode, a
        GS1 Digital Link: ``stock.lot._parse_traceability_scan``). A name shared by lots of
        several products is settled by the lots at ``location`` when exactly one is there;
        otherwise the user is asked to scan the GS1 label (product and lot together). Raises
        a UserError naming what was scanned when no lot is found."""
        parsed = self.env["stock.lot"]._parse_traceability_scan(code)
        lot = parsed["lot"]
        if lot:
            return lot, parsed
        name = parsed["lot_name"]
        if name:
            domain = [("name", "=", name)]
            if parsed["product"]:
                domain.append(("product_id", "=", parsed["product"].id))
            homonyms = self.env["stock.lot"].search(domain, limit=50)
            if location and len(homonyms) > 1:
                here = self.env["stock.quant"].search(
                    [("lot_id", "in", homonyms.ids), ("location_id", "=", location.id)]
                )
                if len(here.lot_id) == 1:
                    return here.lot_id, parsed
            if len(homonyms) > 1:
                raise UserError(
                    self.env._(
                        "%(count)s lots are named %(lot)s (%(products)s): scan the product's "
                        "GS1 label, which names the product too.",
                        count=len(homonyms),
                        lot=name,
                        products=", ".join(homonyms.product_id.mapped("display_name")),
                    )
                )
        if parsed["product"]:
            raise UserError(
                self.env._(
                    "No lot or serial %(lot)s of %(product)s was found.",
                    lot=name or self.env._("(none in the scan)"),
                    product=parsed["product"].display_name,
                )
            )
        raise UserError(self.env._("Nothing is known under %(code)s.", code=name or code))

    @api.model
    def _check_same_company(self, lot, location):
        """A lot of one company is never moved or counted in another's location."""
        if lot.company_id and location.company_id and lot.company_id != location.company_id:
            raise UserError(
                self.env._(
                    "Lot %(lot)s belongs to %(lot_company)s, %(location)s to %(company)s: a lot "
                    "does not move between companies here.",
                    lot=lot.name,
                    lot_company=lot.company_id.name,
                    location=location.display_name,
                    company=location.company_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Quantities
    # ------------------------------------------------------------------
    @api.model
    def _check_quantity(self, quantity, lot, allow_zero=False):
        """``quantity`` (a number sent by the screen) in the lot's product unit, rounded to
        that unit; a UserError for a value that is not a finite number, negative, zero (unless
        ``allow_zero``) or, for a serial, other than 0 or 1."""
        product = lot.product_id
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int | float)
            or not math.isfinite(quantity)
        ):
            raise UserError(
                self.env._(
                    "The quantity of lot %(lot)s is not a number: %(quantity)s.",
                    lot=lot.name,
                    quantity=quantity,
                )
            )
        rounding = product.uom_id.rounding
        rounded = float_round(quantity, precision_rounding=rounding)
        if float_compare(rounded, 0, precision_rounding=rounding) < 0 or (
            not allow_zero and float_is_zero(rounded, precision_rounding=rounding)
        ):
            raise UserError(
                self.env._(
                    "The quantity of lot %(lot)s must be %(limit)s, not %(quantity)s.",
                    lot=lot.name,
                    limit=self.env._("zero or more") if allow_zero else self.env._("above zero"),
                    quantity=quantity,
                )
            )
        if (
            product.tracking == "serial"
            and float_compare(rounded, 1, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "%(lot)s is a serial number: its quantity is 1 or 0, not %(quantity)s.",
                    lot=lot.name,
                    quantity=quantity,
                )
            )
        return rounded

    @api.model
    def _format_quantity(self, quantity, lot):
        """``quantity`` as the user reads it, with the decimals of the lot's unit and the
        unit: "5.00 kg", "3 Units"."""
        uom = lot.product_id.uom_id
        digits = max(0, -math.floor(math.log10(uom.rounding))) if uom.rounding < 1 else 0
        return f"{formatLang(self.env, quantity, digits=digits)} {uom.name}"

    @api.model
    def _get_lot_quantities(self, lots, location):
        """On-hand and reserved quantities of ``lots`` at ``location`` itself (not its
        sub-locations: the worker stands at one shelf), in each product's unit:
        ``{lot_id: (quantity, reserved)}``. One grouped read."""
        return {
            lot.id: (quantity, reserved)
            for lot, quantity, reserved in self.env["stock.quant"]._read_group(
                [("lot_id", "in", lots.ids), ("location_id", "=", location.id)],
                ["lot_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        }

    # ------------------------------------------------------------------
    # What the screen shows
    # ------------------------------------------------------------------
    @api.model
    def _prepare_location_vals(self, location):
        return {
            "id": location.id,
            "name": location.display_name,
            "barcode": location.barcode or "",
            "company": location.company_id.name or "",
        }

    @api.model
    def _prepare_lots_vals(self, lots, quantities):
        """``_prepare_lot_vals`` of each lot of ``lots`` with its quantity in ``quantities``
        (``{lot_id: quantity}``): the lots' fields read in one query, each product's values
        once (a shelf holds hundreds of lots of a few products)."""
        lots.fetch(["name", "product_id", "trace_status", "trace_status_reason", "expiration_date"])
        lots.product_id.fetch(["uom_id", "tracking"])
        status_labels = dict(
            self.env["stock.lot"]._fields["trace_status"]._description_selection(self.env)
        )
        now = fields.Datetime.now()
        products = {product: self._prepare_lot_product_vals(product) for product in lots.product_id}
        return [
            {
                **self._prepare_lot_status_vals(lot, status_labels, now),
                **products[lot.product_id],
                "quantity": quantities.get(lot.id, 0.0),
            }
            for lot in lots
        ]

    @api.model
    def _prepare_lot_vals(self, lot, quantity=None):
        """What the screen shows of a lot: name, product, unit, status (``held``: not
        available), expiry; with ``quantity`` when given (in the product's unit)."""
        status_labels = dict(lot._fields["trace_status"]._description_selection(self.env))
        vals = {
            **self._prepare_lot_status_vals(lot, status_labels, fields.Datetime.now()),
            **self._prepare_lot_product_vals(lot.product_id),
        }
        if quantity is not None:
            vals["quantity"] = quantity
        return vals

    @api.model
    def _prepare_lot_product_vals(self, product):
        return {
            "product": product.display_name,
            "tracking": product.tracking,
            "uom": product.uom_id.name,
            # the step of the +/- buttons and the decimals of the numeric field
            "rounding": product.uom_id.rounding,
        }

    @api.model
    def _prepare_lot_status_vals(self, lot, status_labels, now):
        return {
            "id": lot.id,
            "name": lot.name,
            "status": lot.trace_status,
            "status_label": status_labels[lot.trace_status],
            "status_reason": lot.trace_status_reason or "",
            "held": lot.trace_status != "available",
            # product_expiry's product_expiry_alert, without its compute per lot
            "expired": bool(lot.expiration_date and lot.expiration_date <= now),
        }
