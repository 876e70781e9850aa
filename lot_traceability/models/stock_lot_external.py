# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""External lots: a partner's lots known from its EPCIS events (``stock.lot.epcis.import``),
e.g. the mill's wheat lot above the flour lot we received from it.

They are ``stock.lot`` records so that everything built on lots shows them without a second
path: the genealogy engine walks to them (``stock.lot.epcis.link``), the trace screen, the
Upstream count, Item Details and a recall's supplier side list them, a recall started from the
partner's lot number finds them. They are flagged ``is_external``, have the partner as
supplier (their owner), carry no stock (no move line may use them) and their identity (name,
product, company, partner) cannot be changed by hand."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# what makes an external lot the partner's lot: written by the import only
EXTERNAL_LOT_IDENTITY = ("name", "product_id", "company_id", "supplier_id", "supplier_lot_name")


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    is_external = fields.Boolean(
        string="External Lot",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A lot of a partner's supply chain, known from its EPCIS events: no stock here, "
        "read-only; its supplier is the partner that owns it.",
    )
    epcis_event_ids = fields.Many2many(
        "stock.lot.epcis.event",
        "stock_lot_epcis_event_lot_rel",
        "lot_id",
        "event_id",
        string="Partner Events",
        readonly=True,
    )

    @api.constrains("is_external")
    def _check_is_external_by_import(self):
        """A constraint, not a ``create`` override: the bulk creation of lots
        (``orm_bypass/sql_create.py``) runs constraints, but declines models overriding
        ``create``."""
        if not self.env.context.get("lot_traceability_epcis_import") and self.filtered(
            "is_external"
        ):
            raise ValidationError(
                self.env._("External lots are created by the import of a partner's EPCIS document.")
            )

    def write(self, vals):
        if not self.env.context.get("lot_traceability_epcis_import"):
            changed = set(vals) & {*EXTERNAL_LOT_IDENTITY, "is_external"}
            external = self.filtered("is_external")
            if changed and (external or vals.get("is_external")):
                raise UserError(
                    self.env._(
                        "%(lots)s: the lot of a partner's supply chain (external lot) is "
                        "read-only; its %(fields)s come from the partner's EPCIS events.",
                        lots=", ".join((external or self).mapped("display_name")),
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in sorted(changed)
                        ),
                    )
                )
        return super().write(vals)

    def action_epcis_import(self):
        """Open the upload of a supplier's EPCIS document for this lot."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import the Supplier's EPCIS Events"),
            "res_model": "stock.lot.epcis.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id},
        }
