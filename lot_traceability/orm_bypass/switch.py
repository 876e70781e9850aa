# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The switch of the ORM bypass (:mod:`odoo.addons.lot_traceability.orm_bypass`)."""

from odoo import models
from odoo.tools import str2bool

# System parameter (Settings > Technical > System Parameters): "True" makes every fast path
# decline, so that the module stores everything through the plain ORM.
ORM_ONLY_PARAM = "lot_traceability.orm_only"


def orm_only(env):
    """Whether the system parameter :data:`ORM_ONLY_PARAM` turns the fast paths off."""
    value = env["ir.config_parameter"].sudo().get_param(ORM_ONLY_PARAM, "False")
    return str2bool(value or "False", default=True)


def overridden(model, method_names, skip_classes=()):
    """The first class of ``model`` (above ``BaseModel``) overriding one of ``method_names``,
    as ``(class, names)``, or ``None``: a fast path replacing those methods would skip the
    override (another module's, an automated action's), so it declines.
    ``skip_classes``: classes whose override of ``create`` the caller bypasses on purpose."""
    for cls in type(model).__mro__:
        if cls in (models.BaseModel, models.Model, models.AbstractModel, models.TransientModel):
            continue
        names = [
            name
            for name in method_names
            if name in vars(cls) and not (name == "create" and cls in skip_classes)
        ]
        if names:
            return cls, names
    return None
