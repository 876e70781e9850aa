# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bulk add wizard: the pasted or scanned list read line by line (name, quantity, dates),
checked, and previewed with its errors before anything is created."""

import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.numeric import check_number
from .stock_lot_bulk_add import MAX_COLUMNS, PREVIEW_MAX_ERRORS, PREVIEW_MAX_SAMPLE, SEPARATORS


class StockLotBulkAdd(models.TransientModel):
    _inherit = "stock.lot.bulk.add"  # pylint: disable=consider-merging-classes-inherited

    def _parse_input(self):
        """Return ``(lines, errors)``: ``lines`` is a list of dicts (``line_no``, ``name``,
        ``quantity``, ``expiration_date``, ``production_date``) of the valid lines, ``errors`` a
        list of ``(line_no, text, message)`` sorted by line number."""
        self.ensure_one()
        parsed, errors = [], []
        date_formats = self._get_date_formats()
        for line_no, raw in enumerate((self.input_text or "").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                parsed.append(self._parse_line(line_no, raw, date_formats))
            except UserError as error:
                errors.append((line_no, raw, error.args[0]))
        first_line_by_name = {}
        lines = []
        for line in parsed:
            first = first_line_by_name.setdefault(line["name"], line["line_no"])
            if first != line["line_no"]:
                errors.append(
                    (
                        line["line_no"],
                        line["raw"],
                        self.env._("Duplicate of line %(line)s.", line=first),
                    )
                )
            else:
                lines.append(line)
        existing = self._get_existing_names([line["name"] for line in lines])
        valid = []
        for line in lines:
            if line["name"] in existing:
                errors.append(
                    (
                        line["line_no"],
                        line["raw"],
                        self.env._(
                            "%(name)s already exists for %(product)s.",
                            name=line["name"],
                            product=self.product_id.display_name,
                        ),
                    )
                )
            else:
                valid.append(line)
        errors.sort(key=lambda error: error[0])
        return valid, errors

    def _parse_line(self, line_no, raw, date_formats=None):
        """Parse one non-empty line; raise UserError with the reason when it is malformed.
        ``date_formats``: :meth:`_get_date_formats`, given when parsing many lines."""
        date_formats = date_formats or self._get_date_formats()
        separator = next((sep for sep in SEPARATORS if sep in raw), None)
        columns = [col.strip() for col in raw.split(separator)] if separator else [raw.strip()]
        if len(columns) > MAX_COLUMNS:
            raise UserError(
                self.env._(
                    "Too many columns (%(count)s): expected a number, a quantity, an expiration "
                    "date and a production date.",
                    count=len(columns),
                )
            )
        columns += [""] * (MAX_COLUMNS - len(columns))
        name, quantity, expiration, production = columns
        if not name:
            raise UserError(self.env._("The lot/serial number is missing."))
        return {
            "line_no": line_no,
            "raw": raw,
            "name": name,
            "quantity": self._parse_quantity(quantity, separator),
            "expiration_date": self._parse_date(expiration, "expiration", date_formats),
            "production_date": self._parse_date(production, "production", date_formats),
        }

    def _parse_quantity(self, text, separator):
        rounding = self.product_id.uom_id.rounding
        if not text:
            if self.tracking == "serial":
                return 1.0
            if self.receive or self.picking_id:
                raise UserError(self.env._("A quantity is needed to receive this lot."))
            return 0.0
        normalized = text.replace(" ", "")
        if separator != ",":
            normalized = normalized.replace(",", ".")
        try:
            quantity = float(normalized)
        except ValueError:
            raise UserError(self.env._("%(text)s is not a quantity.", text=text)) from None
        check_number(self.env, quantity, self.env._("Quantity"), minimum=None)
        if float_compare(quantity, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(self.env._("The quantity must be positive (%(text)s).", text=text))
        if self.tracking == "serial" and float_compare(quantity, 1.0, precision_rounding=rounding):
            raise UserError(
                self.env._("A serial number's quantity must be 1, not %(text)s.", text=text)
            )
        return quantity

    def _get_date_formats(self):
        formats = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        lang = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US")
        if lang and lang.date_format:
            formats.append(lang.date_format)
        return formats

    def _parse_date(self, text, which, date_formats):
        """Parse the ``which`` date (``"expiration"`` or ``"production"``) of a line."""
        if not text:
            return False
        for date_format in date_formats:
            try:
                return datetime.datetime.strptime(text, date_format)
            except ValueError:
                continue
        label = (
            self.env._("expiration date")
            if which == "expiration"
            else self.env._("production date")
        )
        raise UserError(
            self.env._(
                "%(text)s is not a valid %(label)s (write it YYYY-MM-DD).", text=text, label=label
            )
        )

    def _get_existing_names(self, names):
        """Return the set of ``names`` already used by a lot of the product that would clash with
        a new one (same company or no company), in one query."""
        if not names:
            return set()
        domain = [
            ("product_id", "=", self.product_id.id),
            ("name", "in", names),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        lots = self.env["stock.lot"].sudo().search_fetch(domain, ["name"])
        return set(lots.mapped("name"))

    def _format_errors(self, errors):
        shown = [
            self.env._("Line %(line)s (%(text)s): %(message)s", line=no, text=raw, message=msg)
            for no, raw, msg in errors[:PREVIEW_MAX_ERRORS]
        ]
        if len(errors) > PREVIEW_MAX_ERRORS:
            shown.append(
                self.env._("… and %(count)s more.", count=len(errors) - PREVIEW_MAX_ERRORS)
            )
        return (
            self.env._(
                "Nothing was created: %(count)s line(s) of the list must be fixed first.",
                count=len(errors),
            )
            + "\n"
            + "\n".join(shown)
        )

    def _render_preview(self, lines, errors):
        quantity = sum(line["quantity"] for line in lines)
        if errors:
            summary = self.env._(
                "%(ok)s line(s) ready, %(errors)s to fix: nothing will be created until the list "
                "is clean.",
                ok=len(lines),
                errors=len(errors),
            )
        elif lines:
            summary = self.env._(
                "%(count)s new lot/serial number(s), %(quantity)s %(uom)s in total.",
                count=len(lines),
                quantity=self._format_quantity(quantity),
                uom=self.uom_id.name,
            )
        else:
            return False
        html = Markup('<p class="mb-1 %s">%s</p>') % (
            "text-danger" if errors else "text-success",
            summary,
        )
        rows = errors[:PREVIEW_MAX_ERRORS]
        if rows:
            body = Markup("").join(
                Markup("<tr><td>%s</td><td><code>%s</code></td><td>%s</td></tr>") % (no, raw, msg)
                for no, raw, msg in rows
            )
            html += Markup(
                '<table class="table table-sm o_lt_bulk_errors"><thead><tr><th>%s</th><th>%s</th>'
                "<th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (self.env._("Line"), self.env._("Text"), self.env._("Problem"), body)
            if len(errors) > PREVIEW_MAX_ERRORS:
                html += Markup("<p>%s</p>") % self.env._(
                    "… and %(count)s more.", count=len(errors) - PREVIEW_MAX_ERRORS
                )
        elif lines:
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    line["line_no"],
                    line["name"],
                    self._format_quantity(line["quantity"]),
                    fields.Date.to_string(line["expiration_date"]) or "",
                    fields.Date.to_string(line["production_date"]) or "",
                )
                for line in lines[:PREVIEW_MAX_SAMPLE]
            )
            html += Markup(
                '<table class="table table-sm"><thead><tr><th>%s</th><th>%s</th><th>%s</th>'
                "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Line"),
                self.env._("Number"),
                self.env._("Quantity"),
                self.env._("Expiration"),
                self.env._("Production"),
                body,
            )
        return html

    @api.model
    def _format_quantity(self, quantity):
        return f"{quantity:.6f}".rstrip("0").rstrip(".") if quantity else "0"
