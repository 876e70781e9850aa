# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one check of the numbers users give the module (wizards, scanner, pasted lists, imports).

Python's ``float()`` accepts ``nan``, ``inf`` and ``1e999`` (infinite), and the ORM stores
them; Odoo's rounding then raises ``ValueError``/``OverflowError`` far from the input (a
traceback in a preview). Every input goes through :func:`check_number` first, which refuses
with a message naming the field or line.
"""

import math

from odoo.exceptions import UserError

#: the largest quantity accepted anywhere (a million tonnes in kg); beyond it is a typo
MAX_QUANTITY = 1e9
#: the largest number of lots, units or names one operation creates
MAX_COUNT = 10000


def check_number(env, value, label, minimum=0.0, strict=False, maximum=MAX_QUANTITY, integer=False):
    """Return ``value`` (a number, or a text such as ``"2.5"``) as a float (an int when
    ``integer``), or raise a ``UserError`` naming ``label`` (the field or line) when it is
    empty, not a number, not finite (``nan``, ``inf``, ``1e999``), below ``minimum`` (or equal
    to it when ``strict``; ``None``: no lower bound), above ``maximum`` or, when ``integer``,
    not whole."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise UserError(env._("%(field)s is empty: enter a number.", field=label))
        try:
            number = float(text)
        except ValueError:
            raise UserError(
                env._("%(field)s: %(value)s is not a number.", field=label, value=text)
            ) from None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(env._("%(field)s: %(value)s is not a number.", field=label, value=value))
    else:
        try:
            number = float(value)
        except OverflowError:  # an int beyond any float
            number = math.inf if value > 0 else -math.inf
    if not math.isfinite(number):
        raise UserError(
            env._("%(field)s: %(value)s is not a finite number.", field=label, value=value)
        )
    if number > maximum:
        raise UserError(
            env._(
                "%(field)s: %(value)s is above the maximum of %(maximum)s.",
                field=label,
                value=_format(number),
                maximum=_format(maximum),
            )
        )
    if minimum is not None and (number < minimum or (strict and number == minimum)):
        raise UserError(
            env._(
                "%(field)s must be %(above)s %(minimum)s, not %(value)s.",
                field=label,
                above=env._("above") if strict else env._("at least"),
                minimum=_format(minimum),
                value=_format(number),
            )
        )
    if minimum is None and number < -maximum:
        raise UserError(
            env._(
                "%(field)s: %(value)s is below the minimum of %(minimum)s.",
                field=label,
                value=_format(number),
                minimum=_format(-maximum),
            )
        )
    if integer:
        if number != int(number):
            raise UserError(
                env._(
                    "%(field)s must be a whole number, not %(value)s.",
                    field=label,
                    value=_format(number),
                )
            )
        return int(number)
    return number


def _format(number):
    """``1000000000`` rather than ``1e+09``, ``2.5`` rather than ``2.500000``."""
    return f"{number:.6f}".rstrip("0").rstrip(".") if abs(number) < 1e15 else f"{number:g}"
