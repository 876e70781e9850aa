# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Build wizard: validation — every issue of the build (header, units, lines, quantities) at
its level: refused (shown live and at confirm), to do (refused at confirm only) or warned
(Build anyway)."""

from collections import defaultdict

from odoo import fields, models
from odoo.tools import float_compare, float_is_zero, float_round, format_datetime

from .stock_lot_build import REFUSE, TODO, WARN


class StockLotBuild(models.TransientModel):
    _inherit = "stock.lot.build"  # pylint: disable=consider-merging-classes-inherited

    def _get_on_hand(self, lot):
        """On hand quantity of ``lot`` (product unit) in the source location and below."""
        return self._get_on_hand_by_lot(lot).get(lot.id, 0.0)

    def _get_on_hand_by_lot(self, lots):
        """``{lot id: on hand quantity}`` (product unit) of ``lots`` in the source location
        and below, in one query."""
        if not lots or not self.location_src_id:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", lots.ids), ("location_id", "child_of", self.location_src_id.id)],
            ["lot_id"],
            ["quantity:sum"],
        )
        return {lot.id: quantity or 0.0 for lot, quantity in groups}

    def _get_lot_refusal(self, lot, label, consumed_serials=None):
        """The refusals that depend on the lot alone (scan time and confirm time).
        ``consumed_serials``: the result of ``_get_consumed_serials`` for lots including
        ``lot``, when the caller checks many lines (else it is read for ``lot``)."""
        refusal = lot._get_trace_status_refusal(self.env._("consumed"))
        if refusal:
            return self.env._("%(line)s: %(refusal)s", line=label, refusal=refusal)
        if lot.product_id.tracking == "serial":
            if consumed_serials is None:
                consumed_serials = self.env["stock.lot.build.record"]._get_consumed_serials(lot)
            production = consumed_serials.get(lot.id)
            if production:
                return self.env._(
                    "%(line)s: serial %(lot)s was already consumed in %(production)s.",
                    line=label,
                    lot=lot.name,
                    production=production.name,
                )
        return False

    def _get_build_issues(self):
        """Every reason not to build, as dicts ``{level, message}``; level ``refuse`` and
        ``todo`` block the build, ``warn`` needs an explicit confirmation."""
        self.ensure_one()
        issues = []

        def add(level, message):
            issues.append({"level": level, "message": message})

        self._check_build_header(add)
        self._check_build_units(add)
        self._check_build_lines(add)
        self._check_build_quantities(add)
        return issues

    def _check_build_header(self, add):
        rounding = self.product_uom_id.rounding or 0.01
        if float_compare(self.product_qty, 0.0, precision_rounding=rounding) <= 0:
            add(REFUSE, self.env._("The quantity to build must be positive."))
        elif self.product_id.tracking == "serial" and not float_is_zero(
            self.product_qty - round(self.product_qty), precision_digits=6
        ):
            add(
                REFUSE,
                self.env._("Serial numbers are built one by one: the quantity must be whole."),
            )
        if not self.location_src_id or not self.location_dest_id:
            add(
                REFUSE,
                self.env._("Choose where the components come from and where the build goes."),
            )
        if not self.line_ids:
            add(TODO, self.env._("Scan the components of the build."))

    def _check_build_units(self, add):
        if self.product_id.tracking == "none":
            return
        names = defaultdict(list)
        for unit in self._sorted_units():
            if not unit.lot_name:
                add(
                    TODO,
                    self.env._(
                        "Unit %(unit)s: enter the lot/serial number to produce.", unit=unit.unit
                    ),
                )
                continue
            names[unit.lot_name].append(unit.unit)
        for name, units in names.items():
            if len(units) > 1 and self.product_id.tracking == "serial":
                add(
                    REFUSE,
                    self.env._(
                        "Serial %(lot)s is given to several units (%(units)s).",
                        lot=name,
                        units=", ".join(map(str, units)),
                    ),
                )
        existing = self.env["stock.lot"].search(
            [
                ("name", "in", list(names)),
                ("product_id", "=", self.product_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        for lot in existing:
            refusal = lot._get_trace_status_refusal(self.env._("produced"))
            if refusal:
                add(REFUSE, refusal)
            elif self.product_id.tracking == "serial" and (
                lot.quant_ids.filtered(lambda quant: quant.quantity > 0)
                or self.env["stock.move.line"].search_count(
                    [("lot_id", "=", lot.id), ("state", "=", "done")], limit=1
                )
            ):
                add(
                    REFUSE,
                    self.env._(
                        "Serial %(lot)s of %(product)s exists already: build with a new one.",
                        lot=lot.name,
                        product=self.product_id.display_name,
                    ),
                )

    def _check_build_lines(self, add):
        needed = defaultdict(float)  # lot -> quantity to consume, product unit
        first_label = {}
        serial_labels = {}
        lines = self._sorted_lines()
        # one query for the serials of every line, not one per line (this runs on every
        # change of the form, through _compute_issues)
        serials = lines.lot_id.filtered(lambda lot: lot.product_id.tracking == "serial")
        consumed_serials = (
            self.env["stock.lot.build.record"]._get_consumed_serials(serials) if serials else {}
        )
        for line in lines:
            label = line._get_trace_label()
            if not self._check_build_line(line, label, add):
                continue
            lot = line.lot_id
            if line.product_id.tracking == "serial":
                if lot in serial_labels:
                    add(
                        REFUSE,
                        self.env._(
                            "%(line)s: serial %(lot)s is already on %(other)s.",
                            line=label,
                            lot=lot.name,
                            other=serial_labels[lot],
                        ),
                    )
                    continue
                serial_labels[lot] = label
            refusal = self._get_lot_refusal(lot, label, consumed_serials)
            if refusal:
                add(REFUSE, refusal)
            self._check_build_line_expiration(line, label, add)
            needed[lot] += line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
            first_label.setdefault(lot, label)
        on_hand_by_lot = self._get_on_hand_by_lot(
            self.env["stock.lot"].union(*needed) if needed else self.env["stock.lot"]
        )
        for lot, qty in needed.items():
            on_hand = on_hand_by_lot.get(lot.id, 0.0)
            if float_compare(qty, on_hand, precision_rounding=lot.product_id.uom_id.rounding) > 0:
                add(
                    REFUSE,
                    self.env._(
                        "%(line)s: lot %(lot)s has %(on_hand)s %(uom)s on hand in %(location)s, "
                        "%(qty)s %(uom)s scanned.",
                        line=first_label[lot],
                        lot=lot.name,
                        on_hand=on_hand,
                        qty=qty,
                        uom=lot.product_id.uom_id.name,
                        location=self.location_src_id.display_name,
                    ),
                )

    def _check_build_line_product(self, line, label, add):
        """Is the line's component and quantity allowed? False stops checking the line."""
        product = line.product_id
        if product == self.product_id:
            add(REFUSE, self.env._("%(line)s: a product cannot be built from itself.", line=label))
            return False
        level = {"strict": REFUSE, "warning": WARN}.get(self.bom_id.consumption)
        if level and not line.bom_line_id and product not in self.bom_id.bom_line_ids.product_id:
            add(
                level,
                self.env._(
                    "%(line)s: %(product)s (lot %(lot)s) is not on the composition list "
                    "%(list)s.",
                    line=label,
                    product=product.display_name,
                    lot=line.lot_id.name or "-",
                    list=self.bom_id.display_name,
                ),
            )
        rounding = line.product_uom_id.rounding or product.uom_id.rounding
        if float_compare(line.quantity, 0.0, precision_rounding=rounding) < 0:
            add(REFUSE, self.env._("%(line)s: the quantity cannot be negative.", line=label))
            return False
        return True

    def _check_build_line(self, line, label, add):
        """Check one line on its own; return True when it consumes a lot to check further."""
        if not self._check_build_line_product(line, label, add):
            return False
        product = line.product_id
        rounding = line.product_uom_id.rounding or product.uom_id.rounding
        if product.tracking == "none":
            return False
        lot = line.lot_id
        if not lot:
            add(TODO, self.env._("%(line)s: scan the lot/serial number.", line=label))
            return False
        if lot.product_id != product:
            add(
                REFUSE,
                self.env._(
                    "%(line)s: lot %(lot)s is a lot of %(lot_product)s, not of %(product)s.",
                    line=label,
                    lot=lot.name,
                    lot_product=lot.product_id.display_name,
                    product=product.display_name,
                ),
            )
            return False
        if float_is_zero(line.quantity, precision_rounding=rounding):
            add(
                REFUSE,
                self.env._(
                    "%(line)s: enter the quantity of lot %(lot)s.", line=label, lot=lot.name
                ),
            )
            return False
        qty = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
        if product.tracking == "serial" and float_compare(
            qty, 1.0, precision_rounding=product.uom_id.rounding
        ):
            add(
                REFUSE,
                self.env._(
                    "%(line)s: serial %(lot)s counts for exactly one unit.",
                    line=label,
                    lot=lot.name,
                ),
            )
        return True

    def _check_build_line_expiration(self, line, label, add):
        expiration = line.expiration_date or line.lot_id.expiration_date
        if expiration and expiration <= fields.Datetime.now():
            policy = self.company_id.trace_build_expired_policy
            add(
                REFUSE if policy == "refuse" else WARN,
                self.env._(
                    "%(line)s: lot %(lot)s expired on %(date)s.",
                    line=label,
                    lot=line.lot_id.name,
                    date=format_datetime(self.env, expiration, dt_format=False),
                ),
            )

    def _check_build_quantities(self, add):
        """Compare what is scanned with the composition list, per unit and list line."""
        level = {"strict": REFUSE, "warning": WARN}.get(self.bom_id.consumption)
        if not self.bom_id or not level:
            return
        expected = defaultdict(float)  # (unit, bom line) -> quantity in the list line's unit
        for vals in self._prepare_line_vals_list():
            bom_line = self.env["mrp.bom.line"].browse(vals["bom_line_id"])
            uom = self.env["uom.uom"].browse(vals["product_uom_id"])
            expected[vals["unit"], bom_line] += uom._compute_quantity(
                vals["expected_qty"], bom_line.product_uom_id
            )
        scanned = defaultdict(float)
        lots = defaultdict(lambda: self.env["stock.lot"])
        awaiting = set()  # list lines with a lot still to scan: to do, not a difference yet
        for line in self.line_ids.filtered("bom_line_id"):
            key = line.unit, line.bom_line_id
            if line.product_id.tracking != "none" and not line.lot_id:
                awaiting.add(key)
            scanned[key] += line.product_uom_id._compute_quantity(
                line.quantity, line.bom_line_id.product_uom_id
            )
            lots[key] |= line.lot_id
        several_units = self._get_unit_count() > 1
        for key in sorted(set(expected) | set(scanned), key=lambda k: (k[0], k[1].sequence)):
            unit, bom_line = key
            uom = bom_line.product_uom_id
            if key in awaiting:
                continue
            if not float_compare(expected[key], scanned[key], precision_rounding=uom.rounding):
                continue
            what = bom_line.trace_slot or bom_line.product_id.display_name
            if several_units:
                what = self.env._("Unit %(unit)s, %(what)s", unit=unit, what=what)
            add(
                level,
                self.env._(
                    "%(what)s: %(scanned)s %(uom)s scanned (%(lots)s) instead of %(expected)s "
                    "%(uom)s on the composition list.",
                    what=what,
                    scanned=float_round(scanned[key], precision_rounding=uom.rounding),
                    expected=float_round(expected[key], precision_rounding=uom.rounding),
                    uom=uom.name,
                    lots=", ".join(lots[key].mapped("name")) or self.env._("no lot"),
                ),
            )
