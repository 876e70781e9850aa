# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

TRACE_STATUSES = [
    ("available", "Available"),
    ("quarantine", "Quarantine"),
    ("blocked", "Blocked"),
    ("recalled", "Recalled"),
]


class StockLot(models.Model):
    _inherit = "stock.lot"

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
    # composition lists and build
    trace_component_line_ids = fields.Many2many(
        "stock.move.line",
        string="Components",
        compute="_compute_trace_build_lines",
        help="Component lots and serials consumed by the manufacturing orders that built this lot.",
    )
    trace_used_in_line_ids = fields.Many2many(
        "stock.move.line",
        string="Used In",
        compute="_compute_trace_build_lines",
        help="Lots and serials built with this lot.",
    )

    # composition lists and build
    def _compute_trace_build_lines(self):
        record = self.env["lot_traceability.build.record"]
        real_lots = self.filtered("id")
        components = record._get_component_lines(real_lots)
        used_in = record._get_used_in_lines(real_lots)
        for lot in self:
            lot.trace_component_line_ids = components[lot.id] if lot.id else False
            lot.trace_used_in_line_ids = used_in[lot.id] if lot.id else False

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("trace_status", "available") != "available" for vals in vals_list):
            self._check_trace_status_can_change()
        return super().create(vals_list)

    def write(self, vals):
        if "trace_status" in vals:
            releasing = self.filtered(lambda lot: lot.trace_status != "available")
            if vals["trace_status"] == "available" and releasing:
                self._check_trace_status_release()
            elif vals["trace_status"] != "available":
                self._check_trace_status_can_change()
        return super().write(vals)

    def _check_trace_status_can_change(self):
        if not self.env.user.has_group("lot_traceability.group_traceability_user"):
            raise AccessError(_("Only Traceability users can put a lot on hold."))

    def _check_trace_status_release(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "lot_traceability.group_traceability_manager"
        ):
            raise AccessError(
                _(
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
        return _(
            "Lot %(lot)s of %(product)s cannot be %(operation)s: its status is %(status)s"
            " (reason: %(reason)s).",
            lot=blocked.name,
            product=blocked.product_id.display_name,
            operation=operation,
            status=status,
            reason=blocked.trace_status_reason or _("none given"),
        )

    def _check_trace_status_available(self, operation):
        """Raise a UserError naming the lot, its status and reason when a lot of self is not
        available. ``operation`` completes "Lot X cannot be …", e.g. _("delivered")."""
        message = self._get_trace_status_refusal(operation)
        if message:
            raise UserError(message)

    def action_trace_release(self):
        self.write({"trace_status": "available", "trace_status_reason": False})
        return True

    @api.model
    def _parse_traceability_scan(self, code, product=None):
        """Turn one scan (a plain lot/serial name, a GS1-128/DataMatrix element string or a GS1
        Digital Link URI) into what it designates.

        Returns a dict: ``product`` (product.product, maybe empty), ``lot`` (stock.lot, maybe
        empty), ``lot_name`` (str or False), ``expiration_date`` / ``production_date`` (datetime /
        date or False), ``quantity`` (float or False), ``gtin`` (str or False).
        ``product`` restricts the lot lookup. Raises UserError with a message a warehouse worker
        can act on when the scan is empty or malformed.

        This is the one scan parser of the module (scanner, build wizard, bulk serials).
        """
        code = (code or "").strip()
        if not code:
            raise UserError(_("The scan is empty."))
        domain = [("name", "=", code)]
        if product:
            domain.append(("product_id", "=", product.id))
        lot = self.search(domain, limit=2)
        if len(lot) != 1:
            lot = self.browse()
        return {
            "product": lot.product_id or product or self.env["product.product"],
            "lot": lot,
            "lot_name": code,
            "expiration_date": False,
            "production_date": False,
            "quantity": False,
            "gtin": False,
        }
