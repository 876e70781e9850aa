# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The downstream answer rolled up in SQL: what a recall team asks of a hub lot (how many
lots, which customers with their addresses and net quantities, what is on hand where, which
shipments to stop) without handing each of its 250,000 deliveries to Python.

The row-level answer (``stock.lot._get_downstream_impact``) stays the reference: the summary
equals its roll-up (``_roll_up_downstream_impact``), which is also the path taken when a record
rule cannot be written as an SQL condition (it needs joins) or when the ORM-only switch
(``lot_traceability.orm_only``) is set.
"""

import json
from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from ..orm_bypass.sql_create import _array_parameter
from ..orm_bypass.switch import orm_only
from .stock_lot_genealogy import DOWNSTREAM_PARTS, PART_MODELS_BY_PART

# What ``_get_downstream_summary`` answers.
SUMMARY_PARTS = ("lot_count", "customers", "on_hand", "shipments")
# The row-level parts each summary part is rolled up from, and the models whose record rules
# they obey.
ROW_PARTS_BY_SUMMARY_PART = {
    "lot_count": "lots",
    "customers": "deliveries",
    "on_hand": "on_hand",
    "shipments": "shipments",
}
# Tags of the summary's own rows in ``_read_summary``'s answer (the rows of the row-level
# parts are tagged with their index in DOWNSTREAM_PARTS).
LOT_COUNT_ROW = -1
CUSTOMER_ROW = -2
# work_mem of the summary's statement: a hub's deliveries sorted or hashed in memory (4 MB,
# PostgreSQL's default, spills the water hub's 184,000 rows to disk: +0.4 s)
SUMMARY_WORK_MEM = "64MB"


class StockLotGenealogy(models.AbstractModel):
    _inherit = "stock.lot.genealogy"

    @api.model
    def _get_summary(self, lots, parts=SUMMARY_PARTS):
        """See ``stock.lot._get_downstream_summary``: the ``parts`` (among
        ``SUMMARY_PARTS``) of what is downstream of ``lots``, rolled up by PostgreSQL.

        One statement (``_read_summary``): the walk and the roll-up of what it reached."""
        unknown = set(parts) - set(SUMMARY_PARTS)
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}, expected {SUMMARY_PARTS}")
        row_parts = [ROW_PARTS_BY_SUMMARY_PART[part] for part in parts]
        if not lots or not parts:
            return self._roll_up_downstream_impact({part: [] for part in row_parts}, parts)
        rules = {
            model: self._get_rule_condition(model)
            for model in {PART_MODELS_BY_PART[part] for part in row_parts}
        }
        if orm_only(self.env) or any(rule is None for rule in rules.values()):
            # a rule with joins is checked record by record: the row-level answer does it
            impact = self._get_downstream(lots, row_parts)
            return self._roll_up_downstream_impact(impact, parts)
        self._flush_genealogy()
        return self._read_summary(lots, parts, rules, self._get_walk_context())

    @api.model
    def _read_summary(self, lots, parts, rules, context):
        """The summary's ``parts`` of ``lots`` by ONE statement: the walk, then over the lots
        it reached (never handed to Python and back), the lot count, the customers rolled up
        (one row per commercial partner, its net quantities as JSON) and the rows of
        ``on_hand`` and ``shipments`` (already one per lot and location, and few), read as the
        row-level answer reads them. Every branch reads the reached lots one index lookup each
        (the planner sees a walk of a few hundred lots, whatever its size: a typical lot's
        plan), a delivery from the lines' covering index alone. At 1M move lines, the water
        hub: 31,000 lots, 184,000 deliveries, 30,000 (address, product) pairs."""
        row_parts = [part for part in ("on_hand", "shipments") if part in parts]
        branches = [
            self._downstream_part_sql(part, rules, context)
            for part in DOWNSTREAM_PARTS
            if part in row_parts
        ]
        ctes = SQL()
        if "lot_count" in parts:
            branches.append(
                SQL(
                    """
                    SELECT %(tag)s, NULL::integer, COUNT(*)::integer, NULL::integer,
                           NULL::integer, NULL::text, NULL::float8, NULL::integer,
                           NULL::integer[]
                      FROM reached JOIN stock_lot ON stock_lot.id = reached.lot_id
                     WHERE %(rule)s
                    """,
                    tag=LOT_COUNT_ROW,
                    rule=rules["stock.lot"],
                )
            )
        if "customers" in parts:
            # Rolled up by delivery address first (a hub's 184,000 lines: some ten thousands of
            # addresses and products), then by commercial partner and product, then by
            # commercial partner: one row each, its (product, net quantity) pairs as JSON.
            ctes = SQL(
                """
                , delivery AS (
                    SELECT delivery.lot_id, delivery.partner_id, delivery.quantity,
                           delivery.product_id
                      FROM (%(deliveries)s) delivery (part, lot_id, line_id, picking_id,
                                                      partner_id, date, quantity, product_id,
                                                      quant_ids)
                ), by_address AS (
                    SELECT partner.commercial_partner_id AS customer_id, by_address.*
                      FROM (SELECT delivery.partner_id, delivery.product_id,
                                   COUNT(*) AS count, SUM(delivery.quantity) AS quantity
                              FROM delivery
                             GROUP BY delivery.partner_id, delivery.product_id) by_address
                      LEFT JOIN res_partner partner ON partner.id = by_address.partner_id
                ), by_product AS (
                    SELECT customer_id, product_id, SUM(count) AS count,
                           SUM(quantity)::float8 AS quantity
                      FROM by_address
                     GROUP BY customer_id, product_id
                )
                """,
                deliveries=self._downstream_part_sql("deliveries", rules, context, fenced=True),
            )
            branches.append(
                SQL(
                    """
                    SELECT %(tag)s, NULL::integer, customer.customer_id,
                           customer.count::integer, NULL::integer, customer.quantities,
                           NULL::float8, NULL::integer, addresses.ids
                      FROM (SELECT customer_id, SUM(count) AS count,
                                   JSON_AGG(JSON_BUILD_ARRAY(product_id, quantity))::text
                                       AS quantities
                              FROM by_product GROUP BY customer_id) customer
                      -- joined on a key that can be hashed (0: deliveries without partner)
                      JOIN (SELECT customer_id,
                                   ARRAY_AGG(partner_id) FILTER (WHERE partner_id IS NOT NULL)
                                       AS ids
                              FROM (SELECT DISTINCT customer_id, partner_id
                                      FROM by_address) address
                             GROUP BY customer_id) addresses
                        ON COALESCE(addresses.customer_id, 0) = COALESCE(customer.customer_id, 0)
                    """,
                    tag=CUSTOMER_ROW,
                )
            )
        rows = self._query(
            SQL(
                """
                %(walk)s,
                reached AS MATERIALIZED (SELECT DISTINCT walk.lot_id FROM walk)
                %(ctes)s
                %(branches)s
                """,
                walk=self._walk_sql(lots.ids, "downstream", context),
                ctes=ctes,
                branches=SQL(" UNION ALL ").join(branches),
            ),
            # 184,000 deliveries grouped by address and product: sorted in memory, not on disk
            work_mem=SUMMARY_WORK_MEM,
        )
        rows_by_part = defaultdict(list)
        for row in rows:
            rows_by_part[row[0]].append(row)
        result = {}
        if "lot_count" in parts:
            result["lot_count"] = rows_by_part[LOT_COUNT_ROW][0][2]
        if "customers" in parts:
            result.update(self._summary_customers(rows_by_part[CUSTOMER_ROW]))
        if row_parts:
            part_rows = defaultdict(list)
            for part in row_parts:
                part_rows[part] = rows_by_part[DOWNSTREAM_PARTS.index(part)]
            result.update(self._downstream_rows_as_dicts(part_rows, row_parts, rules))
        return result

    @api.model
    def _summary_customers(self, rows):
        """``customers`` and ``delivery_count`` from the customer rows of ``_read_summary``:
        ``(tag, None, commercial partner id, delivery count, None, JSON [[product id, net
        quantity], ...], None, None, address ids)``."""
        quantities_by_customer = {row[2]: json.loads(row[5]) for row in rows}
        uom_by_product, _commercial = self._get_units_and_customers(
            {product_id for pairs in quantities_by_customer.values() for product_id, __ in pairs},
            (),
        )
        customers = self._sort_summary_customers(
            {
                "commercial_partner_id": customer_id,
                "address_ids": sorted(address_ids or ()),
                "delivery_count": count,
                "quantities": [
                    {
                        "product_id": product_id,
                        "uom_id": uom_by_product[product_id],
                        "quantity": quantity,
                    }
                    for product_id, quantity in quantities_by_customer[customer_id]
                ],
            }
            for __, __, customer_id, count, __, __, __, __, address_ids in rows
        )
        return {
            "customers": customers,
            "delivery_count": sum(customer["delivery_count"] for customer in customers),
        }

    @api.model
    def _sort_summary_customers(self, customers):
        """Customers by commercial partner id (deliveries without partner last), each one's
        quantities by product id."""
        customers = sorted(
            customers,
            key=lambda c: (c["commercial_partner_id"] is None, c["commercial_partner_id"] or 0),
        )
        for customer in customers:
            customer["quantities"].sort(key=lambda q: q["product_id"])
        return customers

    @api.model
    def _roll_up_downstream_impact(self, impact, parts=SUMMARY_PARTS):
        """The summary (see ``stock.lot._get_downstream_summary``) rolled up in Python from
        ``impact``, a row-level answer of ``_get_downstream`` holding the row parts of
        ``parts`` (``lots``, ``deliveries``, ``on_hand``, ``shipments``). The reference the
        SQL roll-up is tested against, and its fallback."""
        result = {}
        if "lot_count" in parts:
            result["lot_count"] = len(impact["lots"])
        if "customers" in parts:
            deliveries = impact["deliveries"]
            product_by_lot = dict(
                self.env.execute_query(
                    SQL(
                        "SELECT id, product_id FROM stock_lot WHERE id = ANY(%s)",
                        _array_parameter({row["lot_id"] for row in deliveries}),
                    )
                )
            )
            customers = {}
            for row in deliveries:
                partner_id = row["commercial_partner_id"]
                customer = customers.setdefault(
                    partner_id,
                    {"addresses": set(), "count": 0, "quantities": {}},
                )
                if row["partner_id"]:
                    customer["addresses"].add(row["partner_id"])
                customer["count"] += 1
                key = (product_by_lot[row["lot_id"]], row["uom_id"])
                customer["quantities"][key] = customer["quantities"].get(key, 0.0) + row["quantity"]
            result["customers"] = self._sort_summary_customers(
                {
                    "commercial_partner_id": partner_id,
                    "address_ids": sorted(customer["addresses"]),
                    "delivery_count": customer["count"],
                    "quantities": [
                        {"product_id": product_id, "uom_id": uom_id, "quantity": quantity}
                        for (product_id, uom_id), quantity in customer["quantities"].items()
                    ],
                }
                for partner_id, customer in customers.items()
            )
            result["delivery_count"] = len(deliveries)
        for part in ("on_hand", "shipments"):
            if part in parts:
                result[part] = impact[part]
        return result
