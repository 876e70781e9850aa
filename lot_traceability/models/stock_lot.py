# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The lot: its status (available, quarantine, blocked, recalled) and the holds that refuse
operations on a lot that is not available; ``create`` and ``write`` (status, numbering rule).
The lot's other features are ``_inherit`` files beside it: ``stock_lot_attributes.py``,
``stock_lot_numbering.py``, ``stock_lot_gs1.py`` (scan parsing, labels),
``stock_lot_genealogy_walk.py``, ``stock_lot_asset.py``, ``stock_lot_item_details.py``,
``stock_lot_recalls.py``, ``stock_lot_release.py``, ``stock_lot_expiry.py`` and
``stock_lot_location.py``."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

TRACE_STATUSES = [
    ("available", "Available"),
    ("quarantine", "Quarantine"),
    ("blocked", "Blocked"),
    ("recalled", "Recalled"),
]


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "stock.lot.cost.mixin"]

    trace_status = fields.Selection(
        TRACE_STATUSES,
        string="Status",
        default="available",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        help="Only available lots can be reserved, delivered to a customer or consumed. "
        "Lots in quarantine, blocked or recalled can still be moved internally.",
    )
    trace_status_reason = fields.Char(
        string="Status Reason",
        tracking=True,
        copy=False,
        help="Why the lot is not available; shown in every refusal.",
    )
    product_tracking = fields.Selection(related="product_id.tracking", string="Tracking")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._clean_empty_trace_status(vals)
        if any(vals.get("trace_status", "available") != "available" for vals in vals_list):
            self._check_trace_status_can_change()
        named = [bool(vals.get("name")) for vals in vals_list]
        self._fill_numbering_rule_names(vals_list)
        if self.env.context.get("import_file"):
            self._check_imported_lot_names(vals_list)
        lots = super().create(vals_list)
        lots.browse(
            lot.id for lot, has_name in zip(lots, named, strict=True) if has_name
        )._take_numbering_rule_numbers()
        return lots

    def write(self, vals):
        self._clean_empty_trace_status(vals)
        if "trace_status" in vals:
            releasing = self.filtered(lambda lot: lot.trace_status != "available")
            if vals["trace_status"] == "available" and releasing:
                self._check_trace_status_release()
                releasing._check_release_inspection()
            elif vals["trace_status"] != "available":
                self._check_trace_status_can_change()
        return super().write(vals)

    def _check_trace_status_can_change(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_user"
        ):
            raise AccessError(self.env._("Only Traceability users can put a lot on hold."))

    def _check_trace_status_release(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Traceability managers can release a lot back to available: %(lots)s",
                    lots=", ".join(self.mapped("display_name")),
                )
            )

    def _get_trace_status_refusal(self, operation):
        """Return the message refusing ``operation`` for the first unavailable lot of self,
        or False when every lot is available."""
        blocked = self.filtered(lambda lot: lot.trace_status != "available")[:1]
        if not blocked:
            return False
        status = dict(self._fields["trace_status"]._description_selection(self.env))[
            blocked.trace_status
        ]
        return self.env._(
            "Lot %(lot)s of %(product)s cannot be %(operation)s: its status is %(status)s"
            " (reason: %(reason)s).",
            lot=blocked.name,
            product=blocked.product_id.display_name,
            operation=operation,
            status=status,
            reason=blocked.trace_status_reason or self.env._("none given"),
        )

    def _check_trace_status_available(self, operation):
        """Raise a UserError naming the lot, its status and reason when a lot of self is not
        available. ``operation`` completes "Lot X cannot be …", e.g. _("delivered")."""
        message = self._get_trace_status_refusal(operation)
        if message:
            raise UserError(message)

    def _unreserve_refused_operations(self):
        """Take the lots of self, just put on hold, off the operations that would now refuse
        them (deliveries to a customer, manufacturing consumption: see
        ``stock.move.line._get_trace_status_operation``), reserve other available lots for
        those moves, and say so in the chatter of their transfer or manufacturing order.
        Internal moves keep their reservations: moving a lot on hold stays allowed.
        Returns the moves that lost a reservation."""
        held = self.filtered(lambda lot: lot.trace_status != "available")
        if not held:
            return self.env["stock.move"]
        open_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search([("lot_id", "in", held.ids), ("state", "not in", ("done", "cancel"))])
        )
        refused_ids = []
        refusals = defaultdict(set)
        for line in open_lines:
            operation = line._get_trace_status_operation()
            if not operation:
                continue
            refused_ids.append(line.id)
            document = line.picking_id or line.move_id.raw_material_production_id
            if document:
                refusals[document].add(line.lot_id._get_trace_status_refusal(operation))
        lines = open_lines.browse(refused_ids)
        if not lines:
            return self.env["stock.move"]
        moves = lines.move_id
        lines.unlink()
        moves.filtered(
            lambda move: move.state in ("confirmed", "partially_available", "assigned")
        )._action_assign()
        for document, messages in refusals.items():
            document.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._("Reservation removed, the lot is on hold:"),
                    Markup().join(Markup("<li>%s</li>") % message for message in sorted(messages)),
                )
            )
        return moves

    def action_trace_release(self):
        self.write({"trace_status": "available", "trace_status_reason": False})
        return True

    @api.model
    def _clean_empty_trace_status(self, vals):
        """An empty status (e.g. an empty cell of an imported file) keeps the default or
        current status instead of failing on the required field."""
        if "trace_status" in vals and not vals["trace_status"]:
            del vals["trace_status"]
