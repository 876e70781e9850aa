# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools.numeric import MAX_QUANTITY, check_number


class LotTraceabilityNumericInputMixin(models.AbstractModel):
    """Refuse non-finite (``nan``, ``inf``) and absurd numbers in the Float and Integer fields
    of a wizard before anything is computed or written: on create, write and onchange (what
    the form and RPC send), including the lines of its one2many fields.

    Every numeric field is checked against ``±MAX_QUANTITY``; a wizard narrows a field (a
    count, a non-negative quantity) with :meth:`_get_numeric_input_rules`. The wizard's own
    actions keep their business checks (a unit quantity must be positive, ...)."""

    _name = "stock.lot.numeric.input.mixin"
    _description = "Checked Numeric Inputs"

    @api.model
    def _get_numeric_input_rules(self):
        """``{field name: keyword arguments of tools.numeric.check_number}`` overriding the
        default (``minimum=None, maximum=MAX_QUANTITY``) for that field."""
        return {}

    @api.model
    def _check_numeric_vals(self, vals):
        """Raise a UserError naming the field when a number of ``vals`` is refused."""
        rules = self._get_numeric_input_rules()
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if field.type in ("float", "integer", "monetary"):
                if value is False or value is None:
                    continue
                check_number(
                    self.env,
                    value,
                    field._description_string(self.env),
                    **{"minimum": None, "maximum": MAX_QUANTITY, **rules.get(name, {})},
                )
            elif field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
                comodel = self.env[field.comodel_name]
                if not hasattr(comodel, "_check_numeric_vals"):
                    continue
                for command in value:
                    if (
                        isinstance(command, list | tuple)
                        and len(command) == 3
                        and command[0] in (0, 1)
                        and isinstance(command[2], dict)
                    ):
                        comodel._check_numeric_vals(command[2])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_numeric_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_numeric_vals(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        self._check_numeric_vals(
            {name: values[name] for name in field_names or [] if name in values}
        )
        return super().onchange(values, field_names, fields_spec)
