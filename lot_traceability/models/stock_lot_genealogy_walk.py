# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The lot's genealogy (engine: ``stock_lot_genealogy.py``): its components and what it was
used in, the upstream/downstream counts and buttons, the walks the recall and the trace screen
ask for, and the split and merge wizards."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_lot_genealogy import DOWNSTREAM_PARTS
from .stock_lot_genealogy_summary import SUMMARY_PARTS


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

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

    # composition lists and build
    def _compute_trace_build_lines(self):
        record = self.env["stock.lot.build.record"]
        real_lots = self.filtered("id")
        components = record._get_component_lines(real_lots)
        used_in = record._get_used_in_lines(real_lots)
        for lot in self:
            lot.trace_component_line_ids = components[lot.id] if lot.id else False
            lot.trace_used_in_line_ids = used_in[lot.id] if lot.id else False

    def _compute_genealogy_counts(self):
        """Readable lots reached each way (see ``get_genealogy_count``; the lot form asks the
        buttons' counts through it, not through these fields)."""
        genealogy = self.env["stock.lot.genealogy"]
        real_lots = self.filtered("id")
        upstream = genealogy._get_reached_lot_ids(real_lots, "upstream")
        downstream = genealogy._get_reached_lot_ids(real_lots, "downstream")
        for lot in self:
            lot.upstream_lot_count = len(upstream.get(lot.id, ())) - 1 if lot.id else 0
            lot.downstream_lot_count = len(downstream.get(lot.id, ())) - 1 if lot.id else 0

    @api.readonly
    def get_genealogy_count(self, direction):
        """Lots reached from this lot going ``direction`` ("upstream" / "downstream"), at
        every level, that the user may read (the lot itself not counted). What the lot form's
        Upstream / Downstream buttons show, asked for by the buttons once the form is shown
        (widget ``lot_genealogy_count``) rather than computed with every read of the form."""
        self.ensure_one()
        self.check_access("read")
        if direction not in ("upstream", "downstream"):
            raise UserError(self.env._("Unknown direction %(direction)s.", direction=direction))
        reached = self.env["stock.lot.genealogy"]._get_reached_lot_ids(self, direction)
        return len(reached.get(self.id, ())) - 1 if reached else 0

    def _get_genealogy_links(self, direction="downstream", max_depth=None):
        """Every link reached from the lots of self, walking ``direction`` ("downstream": what
        they became; "upstream": what they were made of), in one recursive query.

        Returns a list of dicts ``root_lot_id`` (the start lot), ``lot_id`` (the reached lot),
        ``parent_lot_id`` (the lot it was reached from, None on depth 0), ``depth`` (0 for the
        start lots, then the breadth-first level of the parent plus one), ``quantity`` and
        ``uom_id`` (of the reached lot in that link, in its product's unit; on-hand quantity for
        depth 0), ``link_type`` ("production", "unbuild", "split", "merge", "epcis"),
        ``res_model`` / ``res_id`` (the document: mrp.production, mrp.unbuild,
        stock.lot.transformation, stock.lot.epcis.event for a partner's link) and
        ``date``. Only lots the user may read are returned.
        """
        return self.env["stock.lot.genealogy"]._get_links(self, direction, max_depth)

    def _get_downstream_impact(self, parts=None, with_links=False):
        """What the lots of self became and where it went, from ONE walk of the genealogy
        (what a recall needs; ask only for the ``parts`` used, by default all of them):

        - ``lots``: self and every lot made from it, at every level (a recordset);
        - ``deliveries``: done customer deliveries of those lots, dicts ``lot_id``,
          ``move_line_id``, ``picking_id``, ``partner_id`` (delivery address),
          ``commercial_partner_id``, ``date``, ``quantity`` (negative for a customer return,
          in the product's unit) and ``uom_id``, in no particular order. Returns to a supplier
          are not deliveries;
        - ``shipments``: outgoing customer move lines of those lots not done yet (shipments to
          stop), same keys as ``deliveries``;
        - ``on_hand``: their on-hand quantities in internal locations, dicts ``lot_id``,
          ``location_id``, ``quantity``, ``uom_id``;
        - ``customers``: the deliveries rolled up by customer, dicts ``commercial_partner_id``
          (None for deliveries without a partner) and ``address_ids`` (the delivery addresses),
          one per customer that received a delivery (a customer return does not take it off
          the list: it had the goods), read without reading each delivery.

        ``with_links``: the same walk also gives ``links`` (as ``_get_genealogy_links``
        downstream) and ``reached`` ({lot id of self: ids of the lots reached from it}).

        Only what the user may read is returned (record rules, e.g. multi-company)."""
        genealogy = self.env["stock.lot.genealogy"]
        return genealogy._get_downstream(self, parts or DOWNSTREAM_PARTS, with_links=with_links)

    def _get_downstream_summary(self, parts=None):
        """What a recall team asks of the lots of self, rolled up by PostgreSQL from ONE walk
        (a hub's deliveries are not handed to Python one row at a time); ask only for the
        ``parts`` used (``SUMMARY_PARTS``), by default all of them:

        - ``lot_count``: self and every lot made from it, counted;
        - ``customers`` (and ``delivery_count``, the done customer delivery lines, returns
          included): dicts sorted by ``commercial_partner_id`` (None, deliveries without
          partner, last), one per commercial partner of a delivery or customer return, with
          ``address_ids`` (its delivery addresses, sorted), ``delivery_count`` and
          ``quantities``: dicts ``product_id``, ``uom_id`` (the product's unit), ``quantity``
          (net: deliveries minus returns), sorted by product;
        - ``on_hand`` and ``shipments``: as in ``_get_downstream_impact``.

        Equal to ``_get_downstream_impact``'s rows rolled up (``stock.lot.genealogy.
        _roll_up_downstream_impact``); only what the user may read is counted (record rules,
        e.g. multi-company)."""
        genealogy = self.env["stock.lot.genealogy"]
        return genealogy._get_summary(self, parts or SUMMARY_PARTS)

    def _get_downstream_lots(self):
        """Self and every lot made from it, at every level."""
        return self._get_downstream_impact(["lots"])["lots"]

    def _get_upstream_lots(self):
        """Self and every lot it was made of, at every level."""
        return self.env["stock.lot.genealogy"]._get_lots(self, "upstream")

    def _get_customer_deliveries(self):
        """Done customer deliveries of self and of everything downstream (see
        ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["deliveries"])["deliveries"]

    def _get_shipments_to_stop(self):
        """Outgoing customer move lines of self and everything downstream that are not done yet
        (see ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["shipments"])["shipments"]

    def _get_downstream_on_hand(self):
        """On-hand quantities of self and everything downstream in internal locations (see
        ``_get_downstream_impact``)."""
        return self._get_downstream_impact(["on_hand"])["on_hand"]

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
