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

    # ------------------------------------------------------------------
    # split, merge and genealogy (engine: stock.lot.genealogy)
    # ------------------------------------------------------------------
    upstream_lot_count = fields.Integer(
        string="Upstream Lots",
        compute="_compute_genealogy_counts",
        help="Lots this lot was made of, at every level (manufacturing, split, merge).",
    )
    downstream_lot_count = fields.Integer(
        string="Downstream Lots",
        compute="_compute_genealogy_counts",
        help="Lots made from this lot, at every level (manufacturing, split, merge).",
    )

    def _compute_genealogy_counts(self):
        genealogy = self.env["stock.lot.genealogy"]
        real_lots = self.filtered("id")
        upstream = genealogy._get_reached_lot_ids(real_lots, "upstream")
        downstream = genealogy._get_reached_lot_ids(real_lots, "downstream")
        for lot in self:
            lot.upstream_lot_count = len(upstream.get(lot.id, ())) - 1 if lot.id else 0
            lot.downstream_lot_count = len(downstream.get(lot.id, ())) - 1 if lot.id else 0

    def _get_genealogy_links(self, direction="downstream", max_depth=None):
        """Every link reached from the lots of self, walking ``direction`` ("downstream": what
        they became; "upstream": what they were made of), in one recursive query.

        Returns a list of dicts ``root_lot_id`` (the start lot), ``lot_id`` (the reached lot),
        ``parent_lot_id`` (the lot it was reached from, None on depth 0), ``depth`` (0 for the
        start lots, then the breadth-first level of the parent plus one), ``quantity`` and
        ``uom_id`` (of the reached lot in that link, in its product's unit; on-hand quantity for
        depth 0), ``link_type`` ("production", "unbuild", "split", "merge"), ``res_model`` /
        ``res_id`` (the document: mrp.production, mrp.unbuild, stock.lot.transformation) and
        ``date``. Only lots the user may read are returned.
        """
        return self.env["stock.lot.genealogy"]._get_links(self, direction, max_depth)

    def _get_downstream_lots(self):
        """Self and every lot made from it, at every level."""
        return self.env["stock.lot.genealogy"]._get_lots(self, "downstream")

    def _get_upstream_lots(self):
        """Self and every lot it was made of, at every level."""
        return self.env["stock.lot.genealogy"]._get_lots(self, "upstream")

    def _get_customer_deliveries(self):
        """Done customer deliveries of self and of everything downstream: dicts ``lot_id``,
        ``move_line_id``, ``picking_id``, ``partner_id`` (delivery address),
        ``commercial_partner_id``, ``date``, ``quantity`` (negative for a customer return, in
        the product's unit), ``uom_id``, in no particular order. Returns to a supplier are not
        deliveries."""
        return self.env["stock.lot.genealogy"]._get_customer_deliveries(self, done=True)

    def _get_shipments_to_stop(self):
        """Outgoing customer move lines of self and everything downstream that are not done yet
        (same keys as ``_get_customer_deliveries``)."""
        return self.env["stock.lot.genealogy"]._get_customer_deliveries(self, done=False)

    def _get_downstream_on_hand(self):
        """On-hand quantities of self and everything downstream in internal locations: dicts
        ``lot_id``, ``location_id``, ``quantity``, ``uom_id``."""
        return self.env["stock.lot.genealogy"]._get_on_hand(self)

    def action_view_upstream_lots(self):
        self.ensure_one()
        return self.env["stock.lot.trace"]._action_open_trace(self, "upstream")

    def action_view_downstream_lots(self):
        self.ensure_one()
        return self.env["stock.lot.trace"]._action_open_trace(self, "downstream")

    def action_open_split_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_split_wizard_action"
        )
        action["context"] = {"default_lot_id": self.id}
        return action

    def action_open_merge_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lot_traceability.stock_lot_merge_wizard_action"
        )
        action["context"] = {"active_model": "stock.lot", "active_ids": self.ids}
        return action
