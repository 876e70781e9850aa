# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: the snapshot of the affected set — what the suspect lots touched, asked
of the genealogy engine, stored as the recall's lines (lots with their mass balance,
customers and deliveries, on-hand quantities, shipments to stop, vendor receipts)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import SQL, format_datetime

from ..orm_bypass.sql_create import _array_parameter, sql_create_by_keys
from ..orm_bypass.switch import orm_only
from ..orm_bypass.unchecked_link import unlink_with_unchecked_links
from .stock_lot_recall_line_mixin import StockLotRecallLineMixin

# The mass balance's fate of a line by (stock direction, kind of the line): (flow, sign).
# Deliveries and customer returns come from the genealogy engine; a scrapped quantity
# taken back out of scrap counts against the scrapped one.
LOT_FLOWS = {
    ("in", "receipt"): ("in", 1),
    ("in", "production"): ("in", 1),
    ("in", "transformation"): ("in", 1),
    ("in", "inventory"): ("in", 1),
    ("in", "scrap"): ("scrapped", -1),
    ("out", "scrap"): ("scrapped", 1),
    ("out", "consumption"): ("consumed", 1),
    ("out", "transformation"): ("consumed", 1),
    ("out", "vendor_return"): ("returned", 1),
    ("out", "inventory"): ("inventory_loss", 1),
}


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def unlink(self):
        """The snapshot lines whose link to their recall has no foreign key constraint
        (``orm_bypass/unchecked_link.py``) deleted with it."""
        return unlink_with_unchecked_links(self, super().unlink)

    def _compute_affected_set(self):
        """Replace the snapshot of the affected set by a fresh one computed by the genealogy
        engine, keeping what was known before in the chatter."""
        self.ensure_one()
        previous = self._get_snapshot_summary() if self.affected_date else None
        notified = {
            customer.partner_id.id: customer._get_notification_values()
            for customer in self.customer_ids
        }
        held = {
            onhand.lot_id.id: onhand.held_date for onhand in self.onhand_ids if onhand.held_date
        }
        stopped = {
            shipment.move_line_id.id: shipment.stopped_date
            for shipment in self.shipment_ids
            if shipment.stopped_date
        }
        # the deliveries written by PostgreSQL (stock_lot_recall_sql_snapshot.py), else read
        # by the engine and created here (the ORM path, one switch away)
        use_sql = self._use_delivery_sql()
        snapshot = self._get_affected_set(with_deliveries=not use_sql)
        # the lots reached by the snapshot's walk: not walked again
        sql_parts = self._get_delivery_sql_parts(snapshot["reached_ids"]) if use_sql else None
        suppliers_notified = {
            receipt.partner_id.id: receipt.notified_date
            for receipt in self.supplier_receipt_ids
            if receipt.notified_date
        }
        self.supplier_receipt_ids.unlink()
        self.delivery_ids.unlink()
        self.customer_ids.unlink()
        self.affected_lot_ids.unlink()
        self.onhand_ids.unlink()
        self.shipment_ids.unlink()
        self._check_editable()
        if sql_parts is not None and self._can_insert_customers_sql():
            # customers, addresses and deliveries: one statement
            delivered = self._insert_snapshot_customers_deliveries_sql(*sql_parts, notified)
            snapshot["customers"] = []
            deliveries_by_customer = None
        elif sql_parts is not None:
            delivered = None
            snapshot["customers"] = self._get_snapshot_customers_sql(*sql_parts)
            deliveries_by_customer = None
        else:
            deliveries_by_customer = [
                customer_vals.pop("deliveries") for customer_vals in snapshot["customers"]
            ]
        customers = self.env["stock.lot.recall.customer"].create(
            [
                dict(
                    customer_vals,
                    recall_id=self.id,
                    **notified.get(customer_vals["partner_id"], {}),
                )
                for customer_vals in snapshot["customers"]
            ]
        )
        if sql_parts is not None:
            if delivered is None:
                delivered = self._insert_snapshot_deliveries_sql(*sql_parts)
            for vals in snapshot["lots"]:
                vals["qty_delivered"] = delivered.get(vals["lot_id"], 0.0)
        else:
            self._create_snapshot_lines(
                "stock.lot.recall.delivery",
                [
                    # the document and address are the line's, derived (not stored)
                    {
                        "lot_id": vals["lot_id"],
                        "move_line_id": vals["move_line_id"],
                        "date": vals["date"],
                        "quantity": vals["quantity"],
                        "recall_id": self.id,
                        "customer_id": customer.id,
                    }
                    for customer, deliveries in zip(customers, deliveries_by_customer, strict=True)
                    for vals in deliveries
                ],
            )
        self._create_snapshot_lines(
            "stock.lot.recall.lot", [dict(vals, recall_id=self.id) for vals in snapshot["lots"]]
        )
        self._create_snapshot_lines(
            "stock.lot.recall.onhand",
            [
                dict(vals, recall_id=self.id, held_date=held.get(vals["lot_id"], False))
                for vals in snapshot["on_hand"]
            ],
        )
        self._create_snapshot_lines(
            "stock.lot.recall.shipment",
            [
                dict(
                    vals,
                    recall_id=self.id,
                    stopped_date=stopped.get(vals["move_line_id"], False),
                )
                for vals in snapshot["shipments"]
            ],
        )
        # a few vendor receipts: the ORM's create
        self.env["stock.lot.recall.supplier.receipt"].create(
            [
                dict(
                    vals,
                    recall_id=self.id,
                    notified_date=suppliers_notified.get(vals["partner_id"], False),
                )
                for vals in self._get_supplier_receipts()
            ]
        )
        self._write_milestones({"affected_date": fields.Datetime.now()})
        current = self._get_snapshot_summary()
        if previous is None:
            body = Markup("<p>%s</p>%s") % (
                self.env._("Affected set computed."),
                self._format_summary(current),
            )
        else:
            body = Markup("<p>%s</p>%s<p>%s</p>%s") % (
                self.env._("Affected set recomputed. Now:"),
                self._format_summary(current),
                self.env._(
                    "Previously known (computed on %(date)s):",
                    date=format_datetime(self.env, previous["date"], dt_format=False),
                ),
                self._format_summary(previous),
            )
        self.message_post(body=body)

    def _get_supplier_receipts(self):
        """The supplier side, one step back: the vendor receipts (done lines from a supplier
        location) of the suspect lots and of their upstream lots, as values of
        ``stock.lot.recall.supplier.receipt`` (vendor = the receipt's commercial partner,
        else the lot's supplier), then the partners' own lots above them known from their
        EPCIS events (external lots: nothing received, the partner as vendor). Seen from the
        recall's company only."""
        self.ensure_one()
        suspects = self._get_walk_suspects()
        lots = suspects._get_upstream_lots() if suspects else suspects
        lines = (
            self.env["stock.move.line"]
            .with_context(allowed_company_ids=self.company_id.ids)
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    *self.env["stock.move.line"]._traceability_kind_domain("receipt"),
                    ("company_id", "=", self.company_id.id),
                ],
                order="date, id",
            )
        )
        return [
            {
                "partner_id": (
                    line.picking_id.partner_id.commercial_partner_id or line.lot_id.supplier_id
                ).id,
                "lot_id": line.lot_id.id,
                "supplier_lot_name": line.lot_id.supplier_lot_name or False,
                "suspect": line.lot_id in suspects,
                "quantity": line.quantity_product_uom,
                "uom_id": line.product_id.uom_id.id,
                "date": line.date,
                "picking_id": line.picking_id.id,
            }
            for line in lines
        ] + [
            {
                "partner_id": lot.supplier_id.commercial_partner_id.id,
                "lot_id": lot.id,
                "supplier_lot_name": lot.supplier_lot_name or lot.name,
                "suspect": lot in suspects,
                "quantity": 0.0,
                "uom_id": lot.product_id.uom_id.id,
                "date": min(lot.sudo().epcis_event_ids.mapped("event_time"), default=False),
                "picking_id": False,
            }
            for lot in lots.filtered(lambda lot: lot.is_external and lot.supplier_id)
        ]

    def _create_snapshot_lines(self, model_name, vals_list):
        """Create the snapshot lines ``vals_list`` of ``model_name`` with one INSERT per set of
        given fields (:func:`..orm_bypass.sql_create.sql_create_by_keys`; a hub lot's recall has
        180,000 deliveries, 40 s through the ORM create). The lines' own ``create`` only
        checks that the recall is editable: the caller has checked it."""
        model = self.env[model_name]
        return sql_create_by_keys(
            model,
            vals_list,
            handlers=model._get_snapshot_create_handlers(),
            skip_classes=(StockLotRecallLineMixin,),
        )

    def _get_walk_suspects(self):
        """The suspect lots, seen from the recall's company only: the genealogy engine applies
        the record rules, so lots, moves and stock of other companies stay out of the recall."""
        self.ensure_one()
        return self.suspect_lot_ids.with_context(allowed_company_ids=self.company_id.ids)

    def _get_affected_set(self, with_deliveries=True):
        """Ask the genealogy engine what the suspect lots touched.

        Returns a dict of value lists ready to create the snapshot lines: ``lots``,
        ``customers`` (each with its ``deliveries``), ``on_hand`` and ``shipments``, and
        ``reached_ids``: the ids of every lot reached.
        ``with_deliveries=False``: no delivery is read (``customers`` empty, the lots'
        ``qty_delivered`` zero): the caller writes them in SQL.
        """
        self.ensure_one()
        suspects = self._get_walk_suspects()
        Lot = suspects.env["stock.lot"]
        # one walk: the levels (depth and suspect lot of each reached lot, in the order of
        # the links by depth and suspect lot) and the parts
        parts = ["on_hand", "shipments"] + (["deliveries"] if with_deliveries else [])
        impact = suspects.env["stock.lot.genealogy"]._get_downstream(
            suspects, parts, with_levels=True
        )
        reached = {lot.id: (0, lot.id) for lot in suspects}
        for lot_id, depth, root_id in impact["levels"]:
            reached.setdefault(lot_id, (depth, root_id))
        lots = Lot.browse(list(reached))
        # their products only, by one query: read through ``lot.product_id`` below, each
        # thousand lots would fetch every column of stock_lot (a hub's 56,000 lots: 1.3 s)
        lots.fetch(["product_id"])
        # records sharing one prefetch set: a lot's product is read with a thousand others,
        # not in a query of its own (a hub lot's recall reaches 30,000 lots)
        lot_by_id = {lot.id: lot for lot in lots}

        def lot_of(lot_id):
            return lot_by_id.get(lot_id) or Lot.browse(lot_id)

        deliveries, on_hand = impact.get("deliveries", []), impact["on_hand"]
        shipments = impact["shipments"]

        delivered = defaultdict(float)
        delivery_vals = defaultdict(list)
        for row in sorted(deliveries, key=lambda row: (row["date"], row["move_line_id"])):
            lot = lot_of(row["lot_id"])
            quantity = self._to_product_uom(row["quantity"], row["uom_id"], lot.product_id)
            delivered[lot.id] += quantity
            delivery_vals[row["commercial_partner_id"] or False].append(
                {
                    "lot_id": lot.id,
                    "move_line_id": row["move_line_id"],
                    "picking_id": row["picking_id"],
                    "address_id": row["partner_id"],
                    "date": row["date"],
                    "quantity": quantity,
                }
            )
        on_hand_qty = defaultdict(float)
        on_hand_vals = []
        for row in on_hand:
            lot = lot_of(row["lot_id"])
            quantity = self._to_product_uom(row["quantity"], row["uom_id"], lot.product_id)
            on_hand_qty[lot.id] += quantity
            on_hand_vals.append(
                {"lot_id": lot.id, "location_id": row["location_id"], "quantity": quantity}
            )
        flows = self._get_lot_flows(lots, self.company_id)
        lot_vals = []
        for lot in lots:
            depth, root_id = reached[lot.id]
            lot_flows = flows[lot.id]
            lot_vals.append(
                {
                    "lot_id": lot.id,
                    "depth": depth,
                    "suspect_lot_id": root_id,
                    "qty_in": lot_flows["in"],
                    "qty_consumed": lot_flows["consumed"],
                    "qty_delivered": delivered[lot.id],
                    "qty_returned": lot_flows["returned"],
                    "qty_on_hand": on_hand_qty[lot.id],
                    "qty_scrapped": lot_flows["scrapped"],
                    "qty_inventory_loss": lot_flows["inventory_loss"],
                }
            )
        customer_vals = []
        for partner_id, rows in delivery_vals.items():
            customer_vals.append(
                {
                    "partner_id": partner_id,
                    "address_ids": [
                        Command.set(list({row["address_id"] for row in rows if row["address_id"]}))
                    ],
                    "deliveries": rows,
                }
            )
        shipment_vals = [
            {
                "move_line_id": row["move_line_id"],
                "picking_id": row["picking_id"],
                "address_id": row["partner_id"],
                "lot_id": row["lot_id"],
                "date": row["date"],
                "quantity": self._to_product_uom(
                    row["quantity"], row["uom_id"], lot_of(row["lot_id"]).product_id
                ),
            }
            for row in shipments
        ]
        return {
            "lots": lot_vals,
            "customers": customer_vals,
            "on_hand": on_hand_vals,
            "shipments": shipment_vals,
            # every lot the walk reached, whatever the user may read (as the parts read)
            "reached_ids": sorted(set().union(*impact["reached"].values())),
        }

    @api.model
    def _to_product_uom(self, quantity, uom_id, product):
        uom = self.env["uom.uom"].browse(uom_id)
        if not uom or uom == product.uom_id:
            return quantity
        return uom._compute_quantity(quantity, product.uom_id, round=False)

    @api.model
    def _get_lot_flows(self, lots, company=None):
        """Quantities of done moves of ``lots`` (in each product's UoM) by fate, for the mass
        balance: ``in`` (received from suppliers, produced or found by an inventory
        adjustment), ``consumed`` (into manufacturing orders), ``returned`` (to suppliers),
        ``scrapped`` and ``inventory_loss`` (written off by inventory adjustments). Deliveries
        and on-hand quantities come from the genealogy engine.
        ``company``: count only its moves (a lot without company may move in several
        companies; the recall's deliveries and on-hand quantities are its company's)."""
        flows = defaultdict(lambda: defaultdict(float))
        if not lots:
            return flows
        groups = self._read_lot_flow_groups(lots, company)
        MoveLine = self.env["stock.move.line"]
        transformation = MoveLine._get_traceability_transformation_location()
        # classified once per pair of locations (a hub's 100,000 groups: some dozens of pairs)
        fates = {}
        for lot_id, source, destination, quantity in groups:
            pair = (source.id, destination.id)
            if pair not in fates:
                direction = MoveLine._traceability_stock_direction_of(source, destination)
                kind = direction and MoveLine._traceability_kind_of(
                    source, destination, transformation
                )
                fates[pair] = LOT_FLOWS.get((direction, kind), (None, 0))
            fate, sign = fates[pair]
            if fate:
                flows[lot_id][fate] += sign * quantity
        return flows

    @api.model
    def _read_lot_flow_groups(self, lots, company=None):
        """``[(lot id, source location, destination location, quantity)]``: the done lines of
        ``lots`` (of ``company`` only, when given) summed by lot and pair of locations, as
        superuser. A hub's 30,000-56,000 lots make 100,000 groups: read by one query (after
        the flush) returning ids, where ``_read_group`` builds a record per lot and location
        of each group (a second at the water hub); ``_read_group`` on the ORM path
        (``lot_traceability.orm_only``)."""
        MoveLine = self.env["stock.move.line"].sudo()
        Location = self.env["stock.location"].sudo()
        if orm_only(self.env):
            domain = [("lot_id", "in", lots.ids), ("state", "=", "done")]
            if company:
                domain.append(("company_id", "=", company.id))
            return [
                (lot.id, source, destination, quantity)
                for lot, source, destination, quantity in MoveLine._read_group(
                    domain,
                    ["lot_id", "location_id", "location_dest_id"],
                    ["quantity_product_uom:sum"],
                )
            ]
        MoveLine.flush_model(
            [
                "lot_id",
                "state",
                "company_id",
                "location_id",
                "location_dest_id",
                "quantity_product_uom",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT flow.lot_id, flow.location_id, flow.location_dest_id, flow.quantity
                  FROM (SELECT line.lot_id, line.location_id, line.location_dest_id,
                               SUM(line.quantity_product_uom) AS quantity
                          FROM UNNEST(%(lots)s::integer[]) AS given (id)
                          JOIN stock_move_line line ON line.lot_id = given.id
                         WHERE line.state = 'done' AND (%(company)s::integer IS NULL
                                                        OR line.company_id = %(company)s)
                         GROUP BY line.lot_id, line.location_id, line.location_dest_id) flow
                  JOIN stock_location source ON source.id = flow.location_id
                  JOIN stock_location destination ON destination.id = flow.location_dest_id
                 -- a lot's groups in _read_group's order (the locations' order): its flows
                 -- are summed in the same order as on the ORM path
                 ORDER BY flow.lot_id, source.complete_name, source.id,
                          destination.complete_name, destination.id
                """,
                lots=_array_parameter(lots.ids),
                company=company.id if company else None,
            )
        )
        locations = Location.browse({row[1] for row in rows} | {row[2] for row in rows})
        by_id = {location.id: location for location in locations}
        empty = Location.browse()
        return [
            (lot_id, by_id.get(source, empty), by_id.get(destination, empty), quantity or 0.0)
            for lot_id, source, destination, quantity in rows
        ]

    def _get_snapshot_summary(self):
        self.ensure_one()
        return {
            "date": self.affected_date,
            "lots": self.affected_lot_count,
            "customers": self.customer_count,
            "deliveries": self.delivery_count,
            "on_hand": self.onhand_count,
            "shipments": self.shipment_count,
            "unaccounted": self.unaccounted_summary or self.env._("none"),
        }

    def _format_summary(self, summary):
        items = [
            self.env._("Affected lots: %(count)s", count=summary["lots"]),
            self.env._("Customers: %(count)s", count=summary["customers"]),
            self.env._("Deliveries: %(count)s", count=summary["deliveries"]),
            self.env._("On-hand quantities: %(count)s", count=summary["on_hand"]),
            self.env._("Shipments to stop: %(count)s", count=summary["shipments"]),
            self.env._("Unaccounted: %(summary)s", summary=summary["unaccounted"]),
        ]
        return self._format_list(items)

    @api.model
    def _format_list(self, items):
        return Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % item for item in items)
