# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import string

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

NUMBERING_TOKENS = {
    "product_code": "Internal reference of the product",
    "year": "Year, 4 digits",
    "yy": "Year, 2 digits",
    "month": "Month, 2 digits",
    "day": "Day of the month, 2 digits",
    "doy": "Day of the year, 3 digits",
    "shift": "Shift",
    "line": "Code (or name) of the production line",
    "seq": "Sequence number, padded with zeros",
}
PERIOD_FORMATS = {"never": "-", "yearly": "%Y", "monthly": "%Y-%m", "daily": "%Y-%m-%d"}


class StockLotNumberingRule(models.Model):
    """How new lot/serial numbers of a product are made: a pattern of tokens and a counter
    per rule (global, or restarting every year, month or day)."""

    _name = "stock.lot.numbering.rule"
    _inherit = ["stock.lot.numeric.input.mixin"]
    _description = "Lot/Serial Numbering Rule"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to use the rule in every company."
    )
    pattern = fields.Char(
        required=True,
        default="{product_code}-{yy}{doy}-{seq}",
        help="Tokens: {product_code}, {year}, {yy}, {month}, {day}, {doy} (day of the year), "
        "{shift}, {line} and {seq}. Dates are the production date, or the date of the "
        "receipt / manufacturing order. {seq} is mandatory.",
    )
    padding = fields.Integer(default=5, required=True, help="Digits of {seq}, zero-padded.")
    reset = fields.Selection(
        [
            ("never", "Never (one global sequence)"),
            ("yearly", "Every year"),
            ("monthly", "Every month"),
            ("daily", "Every day"),
        ],
        string="Restart Sequence",
        default="never",
        required=True,
    )
    next_number = fields.Integer(
        compute="_compute_next_number", help="Next value of {seq} for today's date."
    )
    preview = fields.Char(compute="_compute_preview", help="Example names for today's date.")
    product_tmpl_ids = fields.One2many("product.template", "lot_numbering_rule_id")
    categ_ids = fields.One2many("product.category", "lot_numbering_rule_id")

    @api.depends("reset")
    def _compute_next_number(self):
        today = fields.Date.context_today(self)
        counters = self.env["stock.lot.numbering.counter"].sudo()
        for rule in self:
            rule.next_number = counters._peek(rule, rule._get_period(today)) + 1

    @api.depends("pattern", "padding", "reset")
    def _compute_preview(self):
        for rule in self:
            try:
                rule._check_pattern_tokens()
            except ValidationError:
                rule.preview = False
                continue
            values = {"shift": "A", "production_line": "L1"}
            first = rule.next_number if rule.id else 1
            rule.preview = ", ".join(
                rule._render_names(self.env["product.product"], values, range(first, first + 3))
            )

    @api.model
    def _get_numeric_input_rules(self):
        # checked before the preview pads numbers with it (the constraint below says 1 to 12)
        return {"padding": {"minimum": None, "maximum": 12, "integer": True}}

    @api.constrains("pattern", "padding")
    def _check_pattern_tokens(self):
        for rule in self:
            try:
                parsed = list(string.Formatter().parse(rule.pattern or ""))
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "The pattern %(pattern)s is malformed: %(error)s",
                        pattern=rule.pattern,
                        error=error,
                    )
                ) from error
            tokens = [token for _text, token, _spec, _conv in parsed if token is not None]
            unknown = [token for token in tokens if token not in NUMBERING_TOKENS]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown token %(token)s in the pattern %(pattern)s."
                        " Known tokens: %(known)s.",
                        token="{" + unknown[0] + "}",
                        pattern=rule.pattern,
                        known=", ".join("{" + token + "}" for token in NUMBERING_TOKENS),
                    )
                )
            if "seq" not in tokens:
                raise ValidationError(
                    self.env._(
                        "The pattern %(pattern)s must contain the {seq} token.",
                        pattern=rule.pattern,
                    )
                )
            if not 1 <= rule.padding <= 12:
                raise ValidationError(
                    self.env._("The padding of {seq} must be between 1 and 12 digits.")
                )

    def _get_period(self, date):
        self.ensure_one()
        return date.strftime(PERIOD_FORMATS[self.reset])

    def _get_token_values(self, product, values):
        """Token values (except {seq}) for ``product`` and ``values`` (production_date, shift,
        production_line). Override to add tokens."""
        self.ensure_one()
        date = values.get("production_date") or fields.Date.context_today(self)
        date = fields.Date.to_date(date)
        line = values.get("production_line") or ""
        if isinstance(line, models.BaseModel):
            line = line.code or line.name or ""
        return {
            "product_code": values.get("product_code")
            or product.default_code
            or (product.id and str(product.id))
            or "PRODUCT",
            "year": date.strftime("%Y"),
            "yy": date.strftime("%y"),
            "month": date.strftime("%m"),
            "day": date.strftime("%d"),
            "doy": date.strftime("%j"),
            "shift": values.get("shift") or "",
            "line": line,
        }

    def _render_names(self, product, values, numbers):
        self.ensure_one()
        tokens = self._get_token_values(product, values)
        return [
            self.pattern.format(**tokens, seq=str(number).zfill(self.padding)) for number in numbers
        ]

    def _generate_names(self, product, count, values=None, peek=False):
        """Return ``count`` new names for ``product`` that no lot of the product uses yet in
        the company of ``values`` (or without company). Numbers are taken from the rule's
        counter in one statement, so concurrent transactions never get the same number.

        With ``peek``, the names are only proposed: the counter is read, not moved (a lot
        form opened and discarded, a wizard recomputing its proposal, take nothing); the
        number is taken when a lot is created with that name (``_take_numbers``)."""
        self.ensure_one()
        values = values or {}
        company = values.get("company") or self.env.company
        date = fields.Date.to_date(values.get("production_date") or fields.Date.context_today(self))
        period = self._get_period(date)
        counters = self.env["stock.lot.numbering.counter"].sudo()
        Lot = self.env["stock.lot"].sudo()
        names = []
        next_peeked = counters._peek(self, period) + 1 if peek else 0
        for attempt in range(10):
            missing = count - len(names)
            if not missing:
                return names
            # Names already taken (lots named by hand, a counter set back) are skipped; after
            # a collision, draw ever larger blocks so that a long run of taken names ends soon.
            block = missing * 4**attempt
            if peek:
                numbers = range(next_peeked, next_peeked + block)
                next_peeked += block
            else:
                numbers = counters._allocate(self, period, block)
            candidates = self._render_names(product, values, numbers)
            existing = set(
                Lot.search(
                    [
                        ("product_id", "=", product.id),
                        ("company_id", "in", [company.id, False]),
                        ("name", "in", candidates),
                    ]
                ).mapped("name")
            )
            names += [name for name in dict.fromkeys(candidates) if name not in existing][:missing]
        raise UserError(
            self.env._(
                "The numbering rule %(rule)s keeps proposing lot names that already exist for "
                "%(product)s (last: %(name)s). Check its pattern and counter.",
                rule=self.name,
                product=product.display_name,
                name=candidates[-1],
            )
        )

    def _parse_number(self, product, values, name):
        """The {seq} number of ``name`` when it is what this rule renders for ``product`` and
        ``values``, else None."""
        self.ensure_one()
        tokens = self._get_token_values(product, values)
        parts = []
        for text, token, spec, conversion in string.Formatter().parse(self.pattern):
            parts.append(re.escape(text))
            if token is None:
                continue
            if spec or conversion:
                return None
            parts.append(r"(\d+)" if token == "seq" else re.escape(tokens.get(token, "")))
        match = re.fullmatch("".join(parts), name or "")
        return int(match.group(1)) if match else None

    def _take_numbers(self, product, values, names):
        """Move the counter past the numbers of ``names`` that follow this rule (names that
        were proposed by peeking, or typed after the pattern), so they are not proposed
        again. Never moves a counter back."""
        self.ensure_one()
        numbers = [self._parse_number(product, values, name) for name in names]
        numbers = [number for number in numbers if number is not None]
        if not numbers:
            return
        date = fields.Date.to_date(values.get("production_date") or fields.Date.context_today(self))
        self.env["stock.lot.numbering.counter"].sudo()._advance(
            self, self._get_period(date), max(numbers)
        )


class StockLotNumberingCounter(models.Model):
    """Last number given by a numbering rule, per period (the whole life of the rule, or a
    year, month or day)."""

    _name = "stock.lot.numbering.counter"
    _description = "Lot/Serial Numbering Counter"
    _log_access = False

    rule_id = fields.Many2one(
        "stock.lot.numbering.rule", required=True, ondelete="cascade", readonly=True
    )
    period = fields.Char(required=True, readonly=True)
    last_value = fields.Integer(readonly=True)

    _sql_constraints = [
        ("rule_period_uniq", "unique(rule_id, period)", "One counter per rule and period."),
    ]

    @api.model
    def _allocate(self, rule, period, count):
        """Reserve ``count`` consecutive numbers of ``rule`` for ``period``; return them as a
        range. The upsert locks the counter row until the end of the transaction."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_lot_numbering_counter (rule_id, period, last_value)
                VALUES (%(rule)s, %(period)s, %(count)s)
                ON CONFLICT (rule_id, period)
                DO UPDATE SET last_value
                    = stock_lot_numbering_counter.last_value + EXCLUDED.last_value
                RETURNING last_value
                """,
                rule=rule.id,
                period=period,
                count=count,
            )
        )
        last = self.env.cr.fetchone()[0]
        self.invalidate_model(["last_value"])
        rule.invalidate_model(["next_number", "preview"])
        return range(last - count + 1, last + 1)

    @api.model
    def _advance(self, rule, period, number):
        """Make ``number`` the last number given by ``rule`` for ``period`` unless a higher
        one was given already (one upsert, safe against concurrent transactions)."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_lot_numbering_counter (rule_id, period, last_value)
                VALUES (%(rule)s, %(period)s, %(number)s)
                ON CONFLICT (rule_id, period)
                DO UPDATE SET last_value
                    = GREATEST(stock_lot_numbering_counter.last_value, EXCLUDED.last_value)
                """,
                rule=rule.id,
                period=period,
                number=number,
            )
        )
        self.invalidate_model(["last_value"])
        rule.invalidate_model(["next_number", "preview"])

    @api.model
    def _peek(self, rule, period):
        """Last number given by ``rule`` for ``period`` (0 when none), without reserving."""
        if not rule.id:
            return 0
        self.env.cr.execute(
            SQL(
                "SELECT last_value FROM stock_lot_numbering_counter"
                " WHERE rule_id = %(rule)s AND period = %(period)s",
                rule=rule.id,
                period=period,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0
