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

from collections import defaultdict
from operator import ge

from odoo import api, models
from odoo.tools import SQL

from ..orm_bypass.sql_create import _array_parameter
from ..orm_bypass.switch import orm_only
from .stock_lot_genealogy import PART_MODELS_BY_PART

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


class StockLotGenealogy(models.AbstractModel):
    _inherit = "stock.lot.genealogy"

    @api.model
    def _get_summary(self, lots, parts=SUMMARY_PARTS):
        """See ``stock.lot._get_downstream_summary``: the ``parts`` (among
        ``SUMMARY_PARTS``) of what is downstream of ``lots``, rolled up by PostgreSQL.

        Three queries: the walk (every reached lot), the roll-up of the lots and deliveries
        (lot count, customers), and the rows of ``on_hand`` and ``shipments`` (already one per
        lot and location, and few) read as the row-level answer reads them."""
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
        context = self._get_walk_context()
        reached = self._get_downstream_lot_ids(lots, context)
        result = {}
        if "lot_count" in parts or "customers" in parts:
            result.update(self._read_summary_rollup(reached, parts, rules, context))
        row_parts = [part for part in ("on_hand", "shipments") if part in parts]
        if row_parts:
            rows = self._read_downstream_parts(reached, row_parts, rules, context)
            result.update(self._downstream_rows_as_dicts(rows, row_parts, rules))
        return result

    @api.model
    def _summary_by_address_sql(self, rules, context):
        """The CTEs ``by_line`` and ``by_address`` over the CTE ``reached(lot_id)``: the done
        customer delivery lines (customer returns negative) the user may read, rolled up by
        delivery address and product: ``by_address(partner_id, product_id, count,
        quantity)``, the address being the transfer's partner, else the move's, ``quantity``
        in the product's unit (the ``deliveries`` of the row-level answer, summed).

        Rolled up by the lines' own columns (the transfer's partner, the product): PostgreSQL
        knows how many of those there are and hashes a hub's 250,000 lines in memory; grouped
        by the address expression (a subquery for the lines without a transfer partner), it
        cannot estimate the groups and sorts them first, and with the move as a third key
        it sizes its hash table for 465,000 groups. Only aggregates of a fixed size: an
        array aggregate makes the planner reserve 8 kB per group and plan the hash table
        spilled to disk. The few lines without a transfer partner are read again, by their
        move's partner, only when there are some (``by_line`` has their group): their move
        looked up line by line (joined, PostgreSQL expects most lines to have no transfer
        partner, as the production lines, and hashes the whole move table)."""
        customer = context["locations"]["customer"]
        lines = self._customer_lines_sql("deliveries", rules["stock.move.line"], customer)
        columns = SQL(
            "line (lot_id, id, picking_id, partner_id, move_id, date, quantity, product_id)"
        )
        return SQL(
            """
            by_line AS (
                SELECT line.partner_id, line.product_id, COUNT(*) AS count,
                       -- (summed as float8: a numeric sum's state is larger, and a hash
                       -- table of 30,000 of them costs more than the 184,000 casts)
                       SUM(line.quantity::float8) AS quantity
                  FROM reached
                 CROSS JOIN LATERAL (%(lines)s) %(columns)s
                 GROUP BY line.partner_id, line.product_id
            ),
            by_address AS (
                SELECT partner_id, product_id, count, quantity
                  FROM by_line
                 WHERE partner_id IS NOT NULL
                 UNION ALL
                SELECT orphan.partner_id, orphan.product_id, COUNT(*), SUM(orphan.quantity)
                  FROM (SELECT (SELECT move.partner_id FROM stock_move move
                                 WHERE move.id = line.move_id) AS partner_id,
                               line.product_id, line.quantity::float8 AS quantity
                          FROM reached
                         CROSS JOIN LATERAL (%(lines)s) %(columns)s
                         -- (not run at all without such lines: a one-time filter)
                         WHERE EXISTS (SELECT FROM by_line WHERE by_line.partner_id IS NULL)
                           AND line.partner_id IS NULL
                       ) orphan
                 GROUP BY orphan.partner_id, orphan.product_id
            )
            """,
            lines=lines,
            columns=columns,
        )

    @api.model
    def _read_summary_rollup(self, reached, parts, rules, context):
        """``lot_count``, ``delivery_count`` and ``customers`` (those of ``parts``) for the
        ``reached`` lot ids, by one query: the deliveries are rolled up by address and product,
        then by commercial partner and product (net quantity, lines), then one row per
        commercial partner carries its products' figures as arrays (a hub's 30,000
        customer-product pairs are not sent as 30,000 rows); one more row carries the
        addresses, mapped to their commercial partners with the products' units."""
        branches = []
        if "lot_count" in parts:
            branches.append(
                SQL(
                    """
                    SELECT 'lots', NULL::integer, COUNT(*)::integer, NULL::integer[],
                           NULL::float8[]
                      FROM reached JOIN stock_lot ON stock_lot.id = reached.lot_id
                     WHERE %s
                    """,
                    rules["stock.lot"],
                )
            )
        if "customers" in parts:
            # by commercial partner and product, sorted, then one row per commercial
            # partner: its arrays take the rows in that order (an ``ORDER BY`` inside
            # ``ARRAY_AGG`` sorts each partner's rows again, 2,000 small sorts); the addresses
            # as one array of ids (grouped by commercial partner in Python: a few thousand)
            branches.append(
                SQL(
                    """
                    SELECT 'customer', by_product.commercial_partner_id,
                           SUM(by_product.count)::integer,
                           ARRAY_AGG(by_product.product_id), ARRAY_AGG(by_product.quantity)
                      FROM (SELECT partner.commercial_partner_id, by_address.product_id,
                                   SUM(by_address.count) AS count,
                                   SUM(by_address.quantity) AS quantity
                              FROM by_address
                              LEFT JOIN res_partner partner
                                ON partner.id = by_address.partner_id
                             GROUP BY partner.commercial_partner_id, by_address.product_id
                             ORDER BY partner.commercial_partner_id, by_address.product_id
                           ) by_product
                     GROUP BY by_product.commercial_partner_id
                     UNION ALL
                    SELECT 'addresses', NULL, NULL,
                           ARRAY_AGG(DISTINCT partner_id) FILTER (WHERE partner_id IS NOT NULL),
                           NULL
                      FROM by_address
                    """
                )
            )
        deliveries = SQL()
        if "customers" in parts:
            deliveries = SQL(", %s", self._summary_by_address_sql(rules, context))
        rows = self._query_with_work_mem(
            SQL(
                """
                WITH reached AS MATERIALIZED (SELECT UNNEST(%(reached)s::integer[]) AS lot_id)
                %(deliveries)s
                %(branches)s
                """,
                # in the index's order (see _read_downstream_parts)
                reached=_array_parameter(sorted(reached)),
                deliveries=deliveries,
                branches=SQL(" UNION ALL ").join(branches),
            )
        )
        result = {}
        customers = []
        address_ids = next((row[3] for row in rows if row[0] == "addresses"), None) or []
        uom_by_product, commercial_by_address = self._get_units_and_customers(
            {product_id for row in rows if row[0] == "customer" for product_id in row[3]},
            address_ids,
        )
        addresses_by_commercial = defaultdict(list)
        for address_id in sorted(address_ids):
            addresses_by_commercial[commercial_by_address[address_id]].append(address_id)
        for kind, partner_id, count, product_ids, quantities in rows:
            if kind == "lots":
                result["lot_count"] = count
            elif kind == "customer":
                pairs = zip(product_ids, quantities, strict=True)
                if any(map(ge, product_ids, product_ids[1:])):
                    # (PostgreSQL aggregates a sorted subquery's rows in its order: it says it
                    # "usually works", this keeps the answer right if it ever does not)
                    pairs = sorted(pairs)
                customers.append(
                    {
                        "commercial_partner_id": partner_id,
                        "address_ids": addresses_by_commercial.get(partner_id, []),
                        "delivery_count": count,
                        "quantities": [
                            {
                                "product_id": product_id,
                                "uom_id": uom_by_product[product_id],
                                "quantity": quantity,
                            }
                            for product_id, quantity in pairs
                        ],
                    }
                )
        if "customers" in parts:
            result["customers"] = self._sort_summary_customers(customers, quantities_sorted=True)
            result["delivery_count"] = sum(c["delivery_count"] for c in result["customers"])
        return result

    @api.model
    def _query_with_work_mem(self, query):
        """``_query``, with PostgreSQL's ``work_mem`` raised for this query only (to
        ``lot_traceability.summary_work_mem``, default 64MB, then set back): a hub's
        250,000 deliveries are then grouped in a hash table instead of sorted on disk (the
        planner cannot estimate how few addresses and products they have, and picks a
        sort for the default 4MB)."""
        work_mem = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("lot_traceability.summary_work_mem", "64MB")
        )
        self.env.cr.execute(SQL("SELECT set_config('work_mem', %s, true)", work_mem))
        rows = self._query(query)
        # (after an error the transaction is rolled back, and the setting with it)
        self.env.cr.execute(SQL("SET LOCAL work_mem TO DEFAULT"))
        return rows

    @api.model
    def _sort_summary_customers(self, customers, quantities_sorted=False):
        """Customers by commercial partner id (deliveries without partner last), each one's
        quantities by product id (unless ``quantities_sorted``: they are)."""
        customers = sorted(
            customers,
            key=lambda c: (c["commercial_partner_id"] is None, c["commercial_partner_id"] or 0),
        )
        if not quantities_sorted:
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
