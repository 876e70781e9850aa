# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: Hold Stock — the affected lots set to recalled, their reservations on
outgoing shipments removed and their on-hand quantities moved to quarantine in one
internal transfer (simulated and logged for a mock recall)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, format_datetime


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _default_quarantine_location(self):
        if self.env.company.trace_quarantine_location_id:
            return self.env.company.trace_quarantine_location_id
        location = self.env.ref(
            "lot_traceability.stock_location_quarantine", raise_if_not_found=False
        )
        if location and (not location.company_id or location.company_id == self.env.company):
            return location
        return self.env["stock.location"].search(
            [
                ("usage", "=", "internal"),
                ("name", "=ilike", "quarantine"),
                ("company_id", "in", (self.env.company.id, False)),
            ],
            limit=1,
        )

    def action_hold_stock(self):
        self._check_open(self.env._("holding stock"))
        for recall in self:
            recall._hold_stock()
        return True

    def _hold_stock(self):
        self.ensure_one()
        if not self.affected_date:
            raise UserError(
                self.env._("Recall %(recall)s: compute the affected set first.", recall=self.name)
            )
        self._check_on_hand_still_there()
        lots = self.affected_lot_ids.lot_id.filtered(lambda lot: lot.trace_status != "recalled")
        shipment_lines = self._get_live_shipment_lines()
        to_move = self._get_quantities_to_quarantine()
        if to_move and not self.quarantine_location_id:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: choose the quarantine location to move the on-hand "
                    "quantities to, or untick Move to Quarantine.",
                    recall=self.name,
                )
            )
        now = fields.Datetime.now()
        if self.is_exercise:
            items = [
                self.env._(
                    "Would set %(count)s lots to recalled: %(lots)s",
                    count=len(lots),
                    lots=", ".join(lots.mapped("name")) or self.env._("none"),
                ),
                self.env._(
                    "Would unreserve %(count)s shipment lines: %(pickings)s",
                    count=len(shipment_lines),
                    pickings=", ".join(shipment_lines.picking_id.mapped("name"))
                    or self.env._("none"),
                ),
                self.env._(
                    "Would move %(count)s on-hand quantities to %(location)s",
                    count=len(to_move),
                    location=self.quarantine_location_id.display_name or self.env._("no location"),
                ),
            ]
            self.onhand_ids.filtered(lambda o: not o.held_date).held_date = now
            self.shipment_ids.filtered(lambda s: not s.stopped_date).stopped_date = now
            self.held_date = now
            self.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._("Exercise: Hold Stock simulated, nothing changed."),
                    self._format_list(items),
                )
            )
            return
        pickings = shipment_lines.picking_id
        shipment_lines.unlink()
        for picking in pickings:
            picking.message_post(
                body=self.env._(
                    "Reservation of recalled lots removed by recall %(recall)s.",
                    recall=self.name,
                )
            )
        picking = self._move_to_quarantine(to_move) if to_move else self.env["stock.picking"]
        lots.write(
            {
                "trace_status": "recalled",
                "trace_status_reason": self.env._(
                    "Recall %(recall)s: %(reason)s", recall=self.name, reason=self.reason
                ),
            }
        )
        # e.g. manufacturing orders that reserved an affected lot as a component
        lots._unreserve_refused_operations()
        self.onhand_ids.filtered(lambda o: not o.held_date).held_date = now
        self.shipment_ids.filtered(lambda s: not s.stopped_date).stopped_date = now
        self.write({"held_date": now, "quarantine_picking_id": picking.id or False})
        if picking:
            # The snapshot follows the stock to the quarantine location.
            to_move.location_id = self.quarantine_location_id
        items = [
            self.env._(
                "%(count)s lots set to recalled: %(lots)s",
                count=len(lots),
                lots=", ".join(lots.mapped("name")) or self.env._("none"),
            ),
            self.env._(
                "%(count)s shipment lines unreserved: %(pickings)s",
                count=len(shipment_lines),
                pickings=", ".join(pickings.mapped("name")) or self.env._("none"),
            ),
            self.env._(
                "Quarantine transfer: %(picking)s",
                picking=picking.name or self.env._("none"),
            ),
        ]
        self.message_post(
            body=Markup("<p>%s</p>%s") % (self.env._("Stock held."), self._format_list(items))
        )

    def _check_on_hand_still_there(self):
        """Refuse to hold when on-hand quantities of the snapshot were consumed, delivered or
        moved since it was computed: the recall would hold stock that is no longer there."""
        self.ensure_one()
        live = defaultdict(float)
        for row in self._get_walk_suspects()._get_downstream_on_hand():
            lot = self.env["stock.lot"].browse(row["lot_id"])
            live[row["lot_id"], row["location_id"]] += self._to_product_uom(
                row["quantity"], row["uom_id"], lot.product_id
            )
        gone = []
        for onhand in self.onhand_ids.filtered(lambda o: not o.held_date):
            now_there = live[onhand.lot_id.id, onhand.location_id.id]
            if (
                float_compare(now_there, onhand.quantity, precision_rounding=onhand.uom_id.rounding)
                < 0
            ):
                gone.append(
                    self.env._(
                        "%(lot)s at %(location)s: %(snapshot)s %(uom)s in the affected set, "
                        "%(now)s now",
                        lot=onhand.lot_id.name,
                        location=onhand.location_id.display_name,
                        snapshot=onhand.quantity,
                        now=float_round(now_there, precision_rounding=onhand.uom_id.rounding),
                        uom=onhand.uom_id.name,
                    )
                )
        if gone:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: some on-hand stock of the affected set was consumed, "
                    "delivered or moved since it was computed on %(date)s, nothing was held. "
                    "Recompute the affected set, then hold again.\n%(lines)s",
                    recall=self.name,
                    date=format_datetime(self.env, self.affected_date, dt_format=False),
                    lines="\n".join(gone),
                )
            )

    def _get_live_shipment_lines(self):
        self.ensure_one()
        rows = self._get_walk_suspects()._get_shipments_to_stop()
        return (
            self.env["stock.move.line"]
            .browse({row["move_line_id"] for row in rows})
            .filtered(lambda line: line.state not in ("done", "cancel"))
        )

    def _get_quantities_to_quarantine(self):
        """On-hand lines not held yet and not already in the quarantine location."""
        self.ensure_one()
        if not self.quarantine_move:
            return self.env["stock.lot.recall.onhand"]
        quarantine = self.quarantine_location_id
        return self.onhand_ids.filtered(
            lambda o: not o.held_date
            and float_compare(o.quantity, 0.0, precision_rounding=o.uom_id.rounding) > 0
            and not (quarantine and o.location_id._child_of(quarantine))
        )

    def _prepare_quarantine_picking_vals(self, onhands):
        self.ensure_one()
        destination = self.quarantine_location_id
        picking_type = destination.warehouse_id.int_type_id or self.env[
            "stock.picking.type"
        ].search(
            [("code", "=", "internal"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        if not picking_type:
            raise UserError(
                self.env._(
                    "Recall %(recall)s: no internal transfer operation type in %(company)s to "
                    "move the stock to quarantine.",
                    recall=self.name,
                    company=self.company_id.name,
                )
            )
        return {
            "picking_type_id": picking_type.id,
            "location_id": onhands[0].location_id.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(self._prepare_quarantine_move_vals(onhand, picking_type))
                for onhand in onhands
            ],
        }

    def _prepare_quarantine_move_vals(self, onhand, picking_type):
        return {
            "name": self.name,
            "product_id": onhand.product_id.id,
            "product_uom": onhand.uom_id.id,
            "product_uom_qty": onhand.quantity,
            "location_id": onhand.location_id.id,
            "location_dest_id": self.quarantine_location_id.id,
            "picking_type_id": picking_type.id,
            "company_id": self.company_id.id,
            "origin": self.name,
        }

    def _prepare_quarantine_move_line_vals(self, onhand, move):
        """The detailed line of ``move`` taking ``onhand`` (its lot, all of it) to quarantine.

        Written after the transfer exists: a line created nested in the transfer's own create
        gets no ``picking_id`` (Odoo fills it only on lines its reservation makes), and the
        transfer's Operations tab, its slip and the lot's history by transfer would not show it.
        """
        return {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "company_id": move.company_id.id,
            "product_id": onhand.product_id.id,
            "product_uom_id": onhand.uom_id.id,
            "lot_id": onhand.lot_id.id,
            "location_id": onhand.location_id.id,
            "location_dest_id": self.quarantine_location_id.id,
            "quantity": onhand.quantity,
            "picked": True,
        }

    def _move_to_quarantine(self, onhands):
        """Move ``onhands`` to the quarantine location in ONE internal transfer, validated."""
        self.ensure_one()
        picking = self.env["stock.picking"].create(self._prepare_quarantine_picking_vals(onhands))
        # one draft move per on-hand record, in the same order (_prepare_quarantine_picking_vals);
        # their lines are written before the confirmation, which may merge moves
        self.env["stock.move.line"].create(
            [
                self._prepare_quarantine_move_line_vals(onhand, move)
                for onhand, move in zip(onhands, picking.move_ids.sorted("id"), strict=True)
            ]
        )
        picking.action_confirm()
        picking.with_context(skip_backorder=True, cancel_backorder=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Recall %(recall)s: the quarantine transfer %(picking)s could not be "
                    "validated.",
                    recall=self.name,
                    picking=picking.name,
                )
            )
        return picking
