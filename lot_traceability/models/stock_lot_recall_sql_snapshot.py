# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recall: the customers and delivery lines of the snapshot written by PostgreSQL.

A hub's recall has 180,000-250,000 delivery lines: handed to Python one row at a time and
inserted back, they cost most of its opening. Here ONE statement reads the walk's deliveries
once and writes the recall's customers (rolled up by commercial partner), their delivery
addresses and the delivery lines joined to them; the lots' delivered quantities are summed from
the values written. Identical rows to the ORM path (``tests/test_orm_bypass.py`` and
``tests/test_recall_sql_snapshot.py`` compare them row for row). The lines are written without
foreign key checks (``orm_bypass/unchecked_link.py``).

Fenced as the module's other fast paths: the system parameter ``lot_traceability.orm_only``
(``orm_bypass/switch.py``) runs the plain path (deliveries read by the genealogy engine and
created through ``sql_create``), and so does a record rule on move lines that needs joins
(the engine then filters the lines in Python)."""

from odoo import Command, models
from odoo.tools import SQL

from ..orm_bypass.sql_create import CREATE_STEPS, _array_parameter, analyze_if_changed
from ..orm_bypass.switch import orm_only, overridden
from .stock_lot_recall_line_mixin import StockLotRecallLineMixin

# work_mem of the statement writing the deliveries (its sorts of a hub's 250,000 rows)
SNAPSHOT_WORK_MEM = "64MB"

# The stored fields of a recall customer the deliveries' statement writes (magic columns,
# recall and company, partner and addresses, what was known of its notification).
NOTIFICATION_FIELDS = (
    "notified_date",
    "notification_simulated",
    "notified_otherwise",
    "mail_id",
    "acknowledged_date",
)
CUSTOMER_SQL_FIELDS = {
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "recall_id",
    "company_id",
    "partner_id",
    "address_ids",
    *NOTIFICATION_FIELDS,
}


class StockLotRecall(models.Model):
    _inherit = "stock.lot.recall"  # pylint: disable=consider-merging-classes-inherited

    def _use_delivery_sql(self):
        """Whether the snapshot's deliveries are written by PostgreSQL: not when the plain
        path must run (the switch, a record rule on move lines needing joins)."""
        self.ensure_one()
        if orm_only(self.env):
            return False
        genealogy = self._get_walk_suspects().env["stock.lot.genealogy"]
        return genealogy._get_rule_condition("stock.move.line") is not None

    def _get_delivery_sql_parts(self, reached=None):
        """``(reached lot ids, SQL of the deliveries branch)`` of the recall's suspects for
        the SQL snapshot, or ``None`` when the plain path must run (``_use_delivery_sql``).
        ``reached``: the lots the snapshot's walk reached (else walked here)."""
        self.ensure_one()
        if not self._use_delivery_sql():
            return None
        suspects = self._get_walk_suspects()
        genealogy = suspects.env["stock.lot.genealogy"]
        rules = {"stock.move.line": genealogy._get_rule_condition("stock.move.line")}
        genealogy._flush_genealogy()
        context = genealogy._get_walk_context()
        if reached is None:
            reached = genealogy._get_downstream_lot_ids(suspects, context) if suspects else []
        branch = genealogy._downstream_part_sql("deliveries", rules, context)
        return reached, branch

    def _delivery_cte_sql(self, reached, branch, materialized=False):
        """The CTEs ``reached`` and ``delivery`` (the readable delivery lines of the reached
        lots, with their commercial partner, ``customer_key``: 0 without partner);
        ``materialized``: read once for the statement's several uses."""
        return SQL(
            """
            WITH reached AS MATERIALIZED (SELECT UNNEST(%(reached)s::integer[]) AS lot_id),
            line (part, lot_id, id, picking_id, partner_id, date, quantity, product_id, ids)
                AS (%(branch)s),
            delivery AS %(materialized)s (
                SELECT line.lot_id, line.id, line.partner_id, line.date::timestamp AS date,
                       line.quantity, COALESCE(partner.commercial_partner_id, 0) AS customer_key
                  FROM line LEFT JOIN res_partner partner ON partner.id = line.partner_id
            )
            """,
            reached=_array_parameter(reached),
            branch=branch,
            materialized=SQL("MATERIALIZED" if materialized else ""),
        )

    def _get_snapshot_customers_sql(self, reached, branch):
        """Values of the recall customers, rolled up in SQL: one per commercial partner (False
        for deliveries without partner), with the addresses it received deliveries at, in the
        order of its first delivery (as the plain path creates them)."""
        rows = self.env.execute_query(
            SQL(
                """
                %(cte)s
                SELECT first.customer_key, addresses.ids
                  FROM (SELECT DISTINCT ON (customer_key) customer_key, date, id
                          FROM delivery ORDER BY customer_key, date, id) first
                  JOIN (SELECT customer_key,
                               ARRAY_AGG(DISTINCT partner_id)
                                   FILTER (WHERE partner_id IS NOT NULL) AS ids
                          FROM delivery GROUP BY customer_key) addresses
                    ON addresses.customer_key = first.customer_key
                 ORDER BY first.date, first.id
                """,
                cte=self._delivery_cte_sql(reached, branch),
            )
        )
        return [
            {"partner_id": key or False, "address_ids": [Command.set(ids or [])]}
            for key, ids in rows
        ]

    def _can_insert_customers_sql(self):
        """Whether the recall customers may be written by the same ``INSERT`` as the
        deliveries: their stored columns are the ones it writes (no other module added a
        stored field, which its default or compute would fill) and no class overrides their
        ``create`` (but the snapshot lines' own check, done by the caller)."""
        Customer = self.env["stock.lot.recall.customer"]
        stored = {
            name
            for name, field in Customer._fields.items()
            if field.store and (field.column_type or field.type == "many2many")
        }
        return stored == CUSTOMER_SQL_FIELDS and not overridden(
            Customer, CREATE_STEPS, skip_classes=(StockLotRecallLineMixin,)
        )

    def _insert_snapshot_customers_deliveries_sql(self, reached, branch, notified):
        """Write the recall's customers, their delivery addresses and their delivery lines by
        ONE statement reading the deliveries once; return ``{lot id: delivered quantity}``.

        As the plain path creates them: one customer per commercial partner (one without
        partner for the deliveries without one) in the order of its first delivery, with the
        addresses it received deliveries at, the magic columns, its recall's company and, when
        the snapshot is recomputed, what was known of its notification (``notified``:
        ``{partner id or False: values}``); then the delivery lines by customer, date and
        line. The delivered quantities are summed from the values written, in date order, as
        the plain path does."""
        self.ensure_one()
        Customer = self.env["stock.lot.recall.customer"]
        Delivery = self.env["stock.lot.recall.delivery"]
        Customer.check_access("create")
        Delivery.check_access("create")
        Customer.flush_model()
        Delivery.flush_model()
        notified_keys = list(notified)
        # as create stores them: a given False boolean is false, a False date or mail NULL
        notification = {
            name: _array_parameter(
                [
                    bool(notified[key].get(name))
                    if Customer._fields[name].type == "boolean"
                    else notified[key].get(name) or None
                    for key in notified_keys
                ]
            )
            for name in NOTIFICATION_FIELDS
        }
        # the statement sorts the deliveries three times (first delivery of each customer,
        # the lines' order, the lots' sums): a hub's 250,000 in memory, not in files
        [(work_mem,)] = self.env.execute_query(SQL("SELECT current_setting('work_mem')"))
        self.env.execute_query(SQL("SELECT set_config('work_mem', %s, true)", SNAPSHOT_WORK_MEM))
        delivered = self.env.execute_query(
            SQL(
                """
                %(cte)s,
                first AS (
                    SELECT DISTINCT ON (customer_key) customer_key, date, id
                      FROM delivery ORDER BY customer_key, date, id
                ),
                notified (customer_key, notified_date, notification_simulated,
                          notified_otherwise, mail_id, acknowledged_date) AS (
                    SELECT * FROM UNNEST(%(keys)s::integer[], %(notified_date)s::timestamp[],
                                         %(notification_simulated)s::boolean[],
                                         %(notified_otherwise)s::boolean[],
                                         %(mail_id)s::integer[],
                                         %(acknowledged_date)s::timestamp[])
                ),
                new_customer AS (
                    INSERT INTO stock_lot_recall_customer
                        (recall_id, company_id, partner_id, create_uid, create_date, write_uid,
                         write_date, notified_date, notification_simulated, notified_otherwise,
                         mail_id, acknowledged_date)
                    SELECT %(recall)s, %(company)s, NULLIF(first.customer_key, 0), %(uid)s,
                           %(now)s, %(uid)s, %(now)s, notified.notified_date,
                           notified.notification_simulated, notified.notified_otherwise,
                           notified.mail_id, notified.acknowledged_date
                      FROM first
                      LEFT JOIN notified ON notified.customer_key = first.customer_key
                     ORDER BY first.date, first.id
                 RETURNING id, COALESCE(partner_id, 0) AS customer_key
                ),
                address AS (
                    INSERT INTO stock_lot_recall_customer_address_rel (customer_id, partner_id)
                    SELECT DISTINCT new_customer.id, delivery.partner_id
                      FROM delivery
                      JOIN new_customer ON new_customer.customer_key = delivery.customer_key
                     WHERE delivery.partner_id IS NOT NULL
                ),
                inserted AS (
                    INSERT INTO %(table)s (recall_id, customer_id, lot_id, move_line_id, date,
                                           quantity)
                    SELECT %(recall)s, new_customer.id, delivery.lot_id, delivery.id,
                           delivery.date, delivery.quantity
                      FROM delivery
                      JOIN new_customer ON new_customer.customer_key = delivery.customer_key
                     ORDER BY new_customer.id, delivery.date, delivery.id
                )
                -- the quantity as stored (numeric), summed in date order as the plain path
                SELECT lot_id, SUM(quantity::numeric::float8 ORDER BY date, id), COUNT(*)
                  FROM delivery GROUP BY lot_id
                """,
                cte=self._delivery_cte_sql(reached, branch, materialized=True),
                keys=_array_parameter([key or 0 for key in notified_keys]),
                **notification,
                table=SQL.identifier(Delivery._table),
                recall=self.id,
                company=self.company_id.id or None,
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        self.env.execute_query(SQL("SELECT set_config('work_mem', %s, true)", work_mem))
        # a hub's recall grows the table by 250,000 rows: its plans (the tabs, the exports
        # reading it page by page) need statistics that saw them (autovacuum may be off)
        analyze_if_changed(self.env, Delivery._table, sum(count for __, __, count in delivered))
        # written behind the ORM's back: what it cached of the recall's lines is stale
        self.invalidate_recordset(["customer_ids", "delivery_ids"])
        Customer.invalidate_model()
        # the record rules on the customers created, as create checks them
        self.customer_ids.check_access("create")
        return {lot_id: quantity for lot_id, quantity, __ in delivered}

    def _insert_snapshot_deliveries_sql(self, reached, branch):
        """Write the recall's delivery lines by ONE ``INSERT … SELECT`` (its customers exist),
        in the plain path's order (by customer, then date and line); return ``{lot id:
        delivered quantity}``, summed in date order as the plain path does."""
        self.ensure_one()
        Delivery = self.env["stock.lot.recall.delivery"]
        Delivery.flush_model()
        self.env["stock.lot.recall.customer"].flush_model()
        self.env.execute_query(
            SQL(
                """
                %(cte)s
                INSERT INTO %(table)s (recall_id, customer_id, lot_id, move_line_id, date,
                                       quantity)
                SELECT %(recall)s, customer.id, delivery.lot_id, delivery.id, delivery.date,
                       delivery.quantity
                  FROM delivery
                  JOIN stock_lot_recall_customer customer
                    ON customer.recall_id = %(recall)s
                   AND COALESCE(customer.partner_id, 0) = delivery.customer_key
                 ORDER BY customer.id, delivery.date, delivery.id
                """,
                cte=self._delivery_cte_sql(reached, branch),
                table=SQL.identifier(Delivery._table),
                recall=self.id,
            )
        )
        # a hub's recall grows the table by 250,000 rows: its plans (the tabs, the exports
        # reading it page by page) need statistics that saw them (autovacuum may be off)
        analyze_if_changed(self.env, Delivery._table, self.env.cr.rowcount)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT lot_id, SUM(quantity::float8 ORDER BY date, move_line_id)
                  FROM %(table)s WHERE recall_id = %(recall)s GROUP BY lot_id
                """,
                table=SQL.identifier(Delivery._table),
                recall=self.id,
            )
        )
        # written behind the ORM's back: what it cached of the recall's lines is stale
        self.invalidate_recordset(["delivery_ids"])
        self.env["stock.lot.recall.customer"].invalidate_model(["delivery_ids"])
        return dict(rows)
