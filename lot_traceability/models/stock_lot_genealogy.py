# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The genealogy engine: every parent -> child lot link, walked by one recursive query.

Link sources:

* Odoo's ``stock_move_line_consume_rel``. A row joins an *input* line (column
  ``produce_line_id``: a component consumed by a manufacturing order, a by-product taken back by
  an unbuild, the batch consumed by a split, a lot consumed by a merge) to an *output* line
  (column ``consume_line_id``: the finished product, the recovered component, the unit, the
  merged lot). The names read backwards: ``consume_line_ids`` of a finished line are the
  component lines it consumed. Manufacturing orders (and so this module's build wizard) and
  this module's split and merge (``stock.lot.transformation``) write it.
* Unbuild orders: Odoo 18 links only by-products there, so the unbuilt lot is linked to the
  lots recovered by the order's moves.

Input lines enter and output lines leave a location of type *production* (Odoo's production
locations, and *Lot Transformation* of splits and merges). A walk step reads the links of a
lot in ``stock_lot_genealogy_link`` (see ``stock.lot.genealogy.link``): the relation's rows
whose lines are done with a lot, with both lots, kept exact by PostgreSQL triggers. One
index-only lookup per reached lot, instead of three (the lot's lines, the relation, the lot of
the line at the other end).

Walks use ``UNION`` on ``(root_lot_id, lot_id)`` as the visited set: each lot is expanded once
per start lot, so cycles (an unbuilt lot rebuilt into itself, bad data) end by themselves and a
hub lot reached through many paths costs one visit. LATERAL subqueries fenced by ``OFFSET 0``
keep every step an index lookup per reached lot, whatever the planner estimates.
"""

from collections import defaultdict, deque
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from odoo import api, models
from odoo.tools import SQL, create_index

from ..orm_bypass.sql_create import _array_parameter

DIRECTIONS = ("downstream", "upstream")
# What ``_get_downstream`` answers, and the model whose record rules each part obeys.
DOWNSTREAM_PARTS = ("lots", "deliveries", "shipments", "on_hand", "customers")
PART_MODELS_BY_PART = {
    "lots": "stock.lot",
    "deliveries": "stock.move.line",
    "shipments": "stock.move.line",
    "on_hand": "stock.quant",
    "customers": "stock.move.line",
}


# The indexes ``init`` creates on Odoo's tables, dropped when the module is uninstalled.
GENEALOGY_INDEXES = (
    "stock_move_line_done_lot_cover_index",
    "stock_move_line_open_lot_id_index",
    "stock_move_unbuild_id_index",
    "mrp_unbuild_done_lot_id_index",
)


class StockLotGenealogy(models.AbstractModel):
    _name = "stock.lot.genealogy"
    _description = "Lot Genealogy Engine"

    def init(self):
        cr = self.env.cr
        # stock_move_line_done_lot_cover_index, on done lines with a lot, is made by
        # stock.move.line's init (after the column of picking_partner_id it includes)
        # Lines not done yet (shipments to stop): few, but looked up by lot.
        create_index(
            cr,
            "stock_move_line_open_lot_id_index",
            "stock_move_line",
            ["lot_id"],
            where="state NOT IN ('done', 'cancel') AND lot_id IS NOT NULL",
        )
        # Unbuild orders link the unbuilt lot to the recovered lots through their moves.
        create_index(
            cr,
            "stock_move_unbuild_id_index",
            "stock_move",
            ["unbuild_id"],
            where="unbuild_id IS NOT NULL",
        )
        create_index(
            cr, "mrp_unbuild_done_lot_id_index", "mrp_unbuild", ["lot_id"], where="state = 'done'"
        )

    @api.model
    def _drop_indexes(self):
        """Drop the indexes of :data:`GENEALOGY_INDEXES` (module uninstall)."""
        for name in GENEALOGY_INDEXES:
            self.env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _query(self, query, as_dict=False):
        """Run one genealogy query with PostgreSQL's JIT compilation off.

        The planner cannot estimate a recursive walk and overestimates its cost, which
        triggers JIT: compiling takes 50-100 ms for a query that runs in a few ms. ``SET LOCAL``
        keeps JIT off until the end of the transaction (it brings nothing to Odoo's short
        queries), sent with the query itself: no extra round trip.
        """
        query = SQL("SET LOCAL jit = off; %s", query)
        if as_dict:
            return self.env.execute_query_dict(query)
        return self.env.execute_query(query)

    @api.model
    def _get_readable_ids(self, model_name, ids):
        """The ids among ``ids`` the user may read (access rights and record rules, e.g.
        multi-company), checked by one SQL query rather than record by record."""
        ids = list(set(ids))
        if not ids or self.env.su:
            return set(ids)
        model = self.env[model_name]
        query = model._search([])  # access rights checked, record rules applied
        # one array parameter, not a literal IN list of (maybe) 100,000 ids
        query.add_where(SQL("%s = ANY(%s)", SQL.identifier(query.table, "id"), ids))
        return set(query.get_result_ids())

    @api.model
    def _get_rule_condition(self, model_name):
        """The record rules of ``model_name`` for the current user as an SQL condition on the
        model's table (named by its table name), after checking the access rights; None when
        the rules need joins (then results are filtered with ``_get_readable_ids``)."""
        query = self.env[model_name]._search([])
        if query.is_empty():
            return SQL("FALSE")
        if query._joins:  # pylint: disable=protected-access
            return None
        return query.where_clause if query.where_clause.code else SQL("TRUE")

    @api.model
    def _get_walk_context(self):
        """What a genealogy query is built with (see ``_read_walk_context``):

        - ``locations``: {usage: ids of the locations of that type} (all companies: record
          rules are applied to the lines and quants read, not to their locations);
        - ``unbuild``: whether a done unbuild order of a lot exists. Without one (most
          databases) the walk leaves its unbuild links out: less to plan and to run.

        The ids are given to the query as literal arrays, not as a subquery: PostgreSQL then
        uses ``location_id = ANY(...)`` as an index condition on
        ``stock_move_line_done_lot_cover_index``, so the lines of a lot that are not
        links or deliveries are skipped in the index instead of being read (a subquery's result
        is only known at run time and ends up as a filter on every line of every reached lot)."""
        # what the cached value is read from, as the database will have it
        self.env["stock.location"].flush_model(["usage"])
        self.env["mrp.unbuild"].flush_model(["state", "lot_id"])
        self.env["stock.lot.epcis.link"].flush_model()
        locations, unbuild, epcis = self._read_walk_context()
        return {
            "locations": defaultdict(list, {usage: list(ids) for usage, ids in locations}),
            "unbuild": unbuild,
            "epcis": epcis,
        }

    @api.model
    def _read_walk_context(self):
        """((usage, location ids), ...), whether a done unbuild order of a lot exists and whether
        a link from a partner's EPCIS event exists, read by one small query (about a
        millisecond) at each walk.

        Not cached: an ``ormcache`` can only be dropped in every worker by
        ``registry.clear_cache()``, which empties every ``ormcache`` of the database (access
        rules, xmlids, groups, translations...) in every worker, on each location created; a
        copy kept for the transaction (``cr.cache``) outlives the rollback of a savepoint
        (a location retyped, an unbuild done, then rolled back). Reading it each time is
        always exact and clears nothing."""
        [(locations, unbuild, epcis)] = self.env.execute_query(
            SQL(
                """
                SELECT (SELECT ARRAY_AGG(JSON_BUILD_ARRAY(usage, ids) ORDER BY usage)
                          FROM (SELECT usage, ARRAY_AGG(id ORDER BY id) AS ids
                                  FROM stock_location GROUP BY usage) location),
                       EXISTS (SELECT 1 FROM mrp_unbuild
                                WHERE state = 'done' AND lot_id IS NOT NULL),
                       EXISTS (SELECT 1 FROM stock_lot_epcis_link)
                """
            )
        )
        return tuple((usage, tuple(ids)) for usage, ids in locations or ()), unbuild, epcis

    @api.model
    def _get_uom_by_lot(self, lot_ids):
        """{lot id: id of its product's unit of measure}."""
        lot_ids = list(set(lot_ids))
        if not lot_ids:
            return {}
        rows = self.env.execute_query(
            SQL(
                """SELECT lot.id, tmpl.uom_id
                     FROM stock_lot lot
                     JOIN product_product product ON product.id = lot.product_id
                     JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                    WHERE lot.id = ANY(%s)""",
                lot_ids,
            )
        )
        return dict(rows)

    @api.model
    def _flush_genealogy(self):
        self.env["stock.move.line"].flush_model(
            [
                "lot_id",
                "state",
                "quantity",
                "quantity_product_uom",
                "consume_line_ids",
                "produce_line_ids",
                "location_id",
                "location_dest_id",
                "move_id",
                "picking_id",
                "picking_partner_id",
                "product_id",
                "date",
            ]
        )
        self.env["stock.move"].flush_model(
            [
                "production_id",
                "raw_material_production_id",
                "unbuild_id",
                "partner_id",
                "picking_id",
                "location_final_id",
            ]
        )
        self.env["stock.lot"].flush_model(["product_id"])
        self.env["stock.quant"].flush_model(["lot_id", "location_id", "quantity", "product_id"])
        self.env["stock.picking"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["stock.lot.transformation"].flush_model(["transformation_type", "move_ids"])
        self.env["mrp.unbuild"].flush_model(["lot_id", "state", "product_qty"])
        self.env["stock.location"].flush_model(["usage"])

    # ------------------------------------------------------------------
    # SQL building blocks
    # ------------------------------------------------------------------
    @api.model
    def _walk_sql(self, lot_ids, direction, context):
        """Return the ``WITH RECURSIVE walk(root_lot_id, lot_id)`` clause reaching every lot
        downstream (what the lots became) or upstream (what they were made of) of ``lot_ids``,
        the start lots included."""
        return SQL(
            """
            WITH RECURSIVE walk(root_lot_id, lot_id) AS (
                SELECT lot.id, lot.id
                  FROM stock_lot lot
                 WHERE lot.id = ANY(%(lot_ids)s)
                 UNION
                SELECT walk.root_lot_id, edge.lot_id
                  FROM walk, LATERAL (%(edges)s) edge
            )
            """,
            lot_ids=list(lot_ids),
            edges=self._edges_sql(direction, context, details=False),
        )

    @api.model
    def _edges_sql(self, direction, context, details=True):
        """The links of the lot ``walk.lot_id`` (a LATERAL subquery): one row per line of a
        reached lot, with ``lot_id``, ``line_id`` (its move line), ``quantity`` (of the reached
        lot in the link, product unit), ``date`` and ``move_id`` (the move whose document is
        the link's: manufacturing order, unbuild order or split/merge). Without ``details``,
        only ``lot_id`` (a walk step: one index-only lookup in the link table per lot)."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        production = context["locations"]["production"]
        # The link table (stock.lot.genealogy.link) holds the relation rows whose lines are
        # done with a lot; an input line enters production, an output line leaves it.
        # a downstream step goes from an input lot to its outputs, upstream the other way
        near, far = ("input", "output") if direction == "downstream" else ("output", "input")
        near_location = {"input": "input_location_dest_id", "output": "output_location_id"}[near]
        link_where = SQL(
            "link.%s = walk.lot_id AND link.%s = ANY(%s)",
            SQL.identifier(f"{near}_lot_id"),
            SQL.identifier(near_location),
            production,
        )
        if not details:
            links = SQL(
                "SELECT link.%s AS lot_id FROM stock_lot_genealogy_link link WHERE %s",
                SQL.identifier(f"{far}_lot_id"),
                link_where,
            )
        else:
            # The link's document is the move of its output line (the far line downstream,
            # the reached lot's line upstream): manufacturing order, split or merge.
            far_line = {"output": "consume_line_id", "input": "produce_line_id"}[far]
            output_ml = SQL.identifier("far_ml" if far == "output" else "output_ml")
            links = SQL(
                """
                SELECT link.%(far_lot)s AS lot_id, far_ml.id AS line_id,
                       far_ml.quantity_product_uom AS quantity, far_ml.date,
                       %(output_ml)s.move_id, NULL::integer AS epcis_event_id
                  FROM stock_lot_genealogy_link link
                  JOIN stock_move_line far_ml ON far_ml.id = link.%(far_line)s
                  %(output_join)s
                 WHERE %(link_where)s
                """,
                far_lot=SQL.identifier(f"{far}_lot_id"),
                far_line=SQL.identifier(far_line),
                output_ml=output_ml,
                output_join=SQL(
                    "JOIN stock_move_line output_ml ON output_ml.id = link.consume_line_id"
                    if far == "input"
                    else ""
                ),
                link_where=link_where,
            )
        links = self._epcis_edges_sql(links, direction, context, details)
        if not context["unbuild"]:
            return links
        if direction == "downstream":
            unbuild_links = SQL(
                """
                SELECT ml.lot_id, ml.id, ml.quantity_product_uom, ml.date, ml.move_id, NULL
                  FROM mrp_unbuild unbuild, LATERAL (
                    SELECT move.id FROM stock_move move
                     WHERE move.unbuild_id = unbuild.id OFFSET 0
                  ) move, LATERAL (
                    SELECT ml.* FROM stock_move_line ml
                     WHERE ml.move_id = move.id AND ml.state = 'done'
                       AND ml.lot_id IS NOT NULL AND ml.location_id = ANY(%(production)s)
                    OFFSET 0
                  ) ml
                 WHERE unbuild.lot_id = walk.lot_id AND unbuild.state = 'done'
                """,
                production=production,
            )
        else:
            unbuild_links = SQL(
                """
                SELECT unbuild.lot_id, NULL, unbuild.product_qty, ml.date, ml.move_id, NULL
                  FROM stock_move_line ml
                  JOIN stock_move move ON move.id = ml.move_id
                  JOIN mrp_unbuild unbuild ON unbuild.id = move.unbuild_id
                 WHERE ml.lot_id = walk.lot_id AND ml.state = 'done'
                   AND ml.location_id = ANY(%(production)s)
                   AND move.unbuild_id IS NOT NULL AND unbuild.state = 'done'
                   AND unbuild.lot_id IS NOT NULL
                """,
                production=production,
            )
        if not details:
            unbuild_links = SQL(
                "SELECT unbuild_link.lot_id FROM (%s) unbuild_link "
                "(lot_id, line_id, quantity, date, move_id, epcis_event_id)",
                unbuild_links,
            )
        return SQL("%s UNION ALL %s", links, unbuild_links)

    @api.model
    def _epcis_edges_sql(self, links, direction, context, details):
        """``links`` and the links known from partners' EPCIS TransformationEvents
        (``stock.lot.epcis.link``: the partner's input lot went into the output lot), when
        there are any. They have no move line: ``epcis_event_id`` names their document."""
        if not context.get("epcis"):
            return links
        near, far = ("input", "output") if direction == "downstream" else ("output", "input")
        if details:
            epcis_links = SQL(
                """
                SELECT link.%(far_lot)s, NULL::integer, link.%(far_quantity)s, link.date,
                       NULL::integer, link.event_id
                  FROM stock_lot_epcis_link link
                 WHERE link.%(near_lot)s = walk.lot_id
                """,
                far_lot=SQL.identifier(f"{far}_lot_id"),
                far_quantity=SQL.identifier(f"{far}_quantity"),
                near_lot=SQL.identifier(f"{near}_lot_id"),
            )
        else:
            epcis_links = SQL(
                "SELECT link.%s FROM stock_lot_epcis_link link WHERE link.%s = walk.lot_id",
                SQL.identifier(f"{far}_lot_id"),
                SQL.identifier(f"{near}_lot_id"),
            )
        return SQL("%s UNION ALL %s", links, epcis_links)

    # ------------------------------------------------------------------
    # Public entry points (called by stock.lot's thin methods)
    # ------------------------------------------------------------------
    @api.model
    def _get_reached_lot_ids(self, lots, direction):
        """{start lot id: set of reached lot ids the user may read (start lot included)}, in
        one query (counts of the smart buttons): record rules are applied in SQL, or to the
        reached ids when a rule needs joins, so another company's lots are not counted."""
        if not lots:
            return {}
        self._flush_genealogy()
        rule = self._get_rule_condition("stock.lot")
        rows = self._query(
            SQL(
                """
                %(walk)s
                SELECT walk.root_lot_id, walk.lot_id
                  FROM walk
                  JOIN stock_lot ON stock_lot.id = walk.lot_id
                 WHERE %(rule)s OR walk.lot_id = walk.root_lot_id
                """,
                walk=self._walk_sql(lots.ids, direction, self._get_walk_context()),
                rule=rule if rule is not None else SQL("TRUE"),
            )
        )
        readable = None
        if rule is None:
            readable = self._get_readable_ids("stock.lot", [row[1] for row in rows])
        reached = defaultdict(set)
        for root_lot_id, lot_id in rows:
            if readable is None or lot_id in readable or lot_id == root_lot_id:
                reached[root_lot_id].add(lot_id)
        return reached

    @api.model
    def _get_lots(self, lots, direction):
        """Every lot reached from ``lots`` (included), as a recordset the user may read."""
        if not lots:
            return lots.browse()
        self._flush_genealogy()
        rule = self._get_rule_condition("stock.lot")
        rows = self._query(
            SQL(
                """
                %(walk)s
                SELECT reached.lot_id
                  FROM (SELECT DISTINCT lot_id FROM walk) reached, LATERAL (
                    SELECT 1 FROM stock_lot
                     WHERE stock_lot.id = reached.lot_id AND %(rule)s
                    OFFSET 0
                  ) readable
                """,
                walk=self._walk_sql(lots.ids, direction, self._get_walk_context()),
                rule=rule if rule is not None else SQL("TRUE"),
            )
        )
        lot_ids = [row[0] for row in rows]
        if rule is None:
            lot_ids = self._get_readable_ids("stock.lot", lot_ids)
        return lots.browse(sorted(lot_ids))

    @api.model
    def _get_links(self, lots, direction="downstream", max_depth=None):
        """See ``stock.lot._get_genealogy_links``."""
        if not lots:
            return []
        self._flush_genealogy()
        context = self._get_walk_context()
        rows = self._read_link_rows(lots, direction, context)
        return self._links_from_rows(lots, rows, context, max_depth)

    @api.model
    def _read_link_rows(self, lots, direction, context):
        """The walk from ``lots`` with the details of each link (one recursive query): rows
        ``root_lot_id``, ``parent_lot_id``, ``lot_id``, ``link_type``, ``res_model``,
        ``res_id``, ``quantity``, ``date`` for every lot reached, whatever the user may read
        (``_links_from_rows`` applies the record rules)."""
        walk = self._walk_sql(lots.ids, direction, context)
        return self._query(self._link_rows_sql(walk, direction, context), as_dict=True)

    @api.model
    def _given_lots_walk_sql(self, lot_ids):
        """A ``walk`` CTE of ``lot_ids`` only, each its own root (no recursion): for
        ``_link_rows_sql``, the links one level from the given lots."""
        return SQL(
            "WITH walk(root_lot_id, lot_id) AS "
            "(SELECT given.id, given.id FROM UNNEST(%s::integer[]) AS given(id))",
            _array_parameter(lot_ids),
        )

    @api.model
    def _read_child_link_rows(self, lot_ids, direction, context, limit=None):
        """The rows of ``_read_link_rows`` for the links one level ``direction`` from
        ``lot_ids`` only (no walk): ``root_lot_id`` and ``parent_lot_id`` are the given lot.
        What a screen showing the first lines of a tree reads of the lots it expands.
        ``limit``: see ``_link_rows_sql``."""
        walk = self._given_lots_walk_sql(lot_ids)
        return self._query(self._link_rows_sql(walk, direction, context, limit=limit), as_dict=True)

    @api.model
    def _link_rows_sql(self, walk, direction, context, limit=None):
        """The query of ``_read_link_rows`` for the lots of the ``walk`` CTE (its clause
        ``WITH [RECURSIVE] walk(root_lot_id, lot_id) AS (...)``): the links from each of them,
        one row per link and document.

        ``limit``: only the first ``limit`` links of each lot, by date then lot, have their
        documents read and are returned (a screen showing the first lines of a hub's tree
        needs the first few of its 16,000 children: their order is read from the link
        index and the lines, not from the documents). Exact for a lot linked at most once to
        each other lot (a row is then one link); for a lot linked more than once to one lot
        (its rows sum several links), ``None``."""
        edges = self._edges_sql(direction, context)
        if limit is not None:
            edges = SQL(
                "SELECT * FROM (%s) edge ORDER BY edge.date, edge.lot_id LIMIT %s", edges, limit
            )
        return SQL(
            """
                %(walk)s,
                link_line AS (
                    -- one row per reached line and document: a line linked to several
                    -- lines of the same lot counts once.
                    SELECT DISTINCT walk.root_lot_id, walk.lot_id AS parent_lot_id, link.*
                      FROM walk, LATERAL (
                        SELECT edge.lot_id, edge.line_id, edge.quantity, edge.date,
                               CASE
                                   WHEN edge.epcis_event_id IS NOT NULL THEN 'epcis'
                                   WHEN trf.id IS NOT NULL THEN trf.transformation_type
                                   WHEN move.unbuild_id IS NOT NULL THEN 'unbuild'
                                   ELSE 'production'
                               END AS link_type,
                               CASE
                                   WHEN edge.epcis_event_id IS NOT NULL
                                       THEN 'stock.lot.epcis.event'
                                   WHEN trf.id IS NOT NULL THEN 'stock.lot.transformation'
                                   WHEN move.unbuild_id IS NOT NULL THEN 'mrp.unbuild'
                                   WHEN COALESCE(move.production_id,
                                                 move.raw_material_production_id) IS NOT NULL
                                       THEN 'mrp.production'
                                   ELSE 'stock.move'
                               END AS res_model,
                               COALESCE(edge.epcis_event_id, trf.id, move.unbuild_id,
                                        move.production_id, move.raw_material_production_id,
                                        move.id) AS res_id
                          FROM (%(edges)s) edge
                          -- none for a link from a partner's EPCIS event
                          LEFT JOIN stock_move move ON move.id = edge.move_id
                          LEFT JOIN stock_lot_transformation_stock_move_rel trf_rel
                            ON trf_rel.stock_move_id = move.id
                          LEFT JOIN stock_lot_transformation trf
                            ON trf.id = trf_rel.stock_lot_transformation_id
                        OFFSET 0
                      ) link
                )
                SELECT root_lot_id, parent_lot_id, lot_id, link_type, res_model, res_id,
                       SUM(quantity) AS quantity, MAX(date) AS date
                  FROM link_line
                 GROUP BY root_lot_id, parent_lot_id, lot_id, link_type, res_model, res_id
                """,
            walk=walk,
            edges=edges,
        )

    @api.model
    def _links_from_rows(self, lots, rows, context, max_depth=None):
        """The links of ``_get_links`` from the ``rows`` of ``_read_link_rows``: the start
        lots at depth 0 (their on-hand quantity), depths set, lots the user may not read left
        out, units added."""
        internal_locations = context["locations"]["internal"]
        start_rows = self._query(
            SQL(
                """
                SELECT lot.id AS root_lot_id, lot.id AS lot_id, NULL::integer AS parent_lot_id,
                       0 AS depth, COALESCE(SUM(quant.quantity), 0.0) AS quantity,
                       NULL AS link_type, NULL AS res_model, NULL::integer AS res_id,
                       lot.create_date AS date
                  FROM stock_lot lot
                  LEFT JOIN stock_quant quant
                    ON quant.lot_id = lot.id AND quant.location_id = ANY(%(internal)s)
                 WHERE lot.id = ANY(%(lot_ids)s)
                 GROUP BY lot.id
                """,
                lot_ids=lots.ids,
                internal=internal_locations,
            ),
            as_dict=True,
        )
        links = start_rows + self._set_depths(start_rows, rows, max_depth)
        visible = self._get_readable_ids("stock.lot", [link["lot_id"] for link in links])
        links = [link for link in links if link["lot_id"] in visible]
        uom_by_lot = self._get_uom_by_lot(visible)
        for link in links:
            link["uom_id"] = uom_by_lot[link["lot_id"]]
        return links

    @api.model
    def _get_link_line_pairs(self, lots, direction):
        """The links one level ``direction`` from ``lots`` as move line pairs: a list of
        ``(lot id, near line id, far line id)``, the near line being the lot's (downstream: the
        line consumed, upstream: the line produced) and the far line the one at the other end
        of the link (the line produced from it, the line consumed to make it). Manufacturing
        orders, splits and merges (the link table); unbuild orders give no line pair. Lines of
        every company: the caller reads the lines it returns through the ORM."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        if not lots:
            return []
        self._flush_genealogy()
        context = self._get_walk_context()
        near, far = ("input", "output") if direction == "downstream" else ("output", "input")
        line_column = {"input": "produce_line_id", "output": "consume_line_id"}
        near_location = {"input": "input_location_dest_id", "output": "output_location_id"}[near]
        return self._query(
            SQL(
                """
                SELECT link.%(near_lot)s, link.%(near_line)s, link.%(far_line)s
                  FROM stock_lot_genealogy_link link
                 WHERE link.%(near_lot)s = ANY(%(lot_ids)s)
                   AND link.%(near_location)s = ANY(%(production)s)
                """,
                near_lot=SQL.identifier(f"{near}_lot_id"),
                near_line=SQL.identifier(line_column[near]),
                far_line=SQL.identifier(line_column[far]),
                near_location=SQL.identifier(near_location),
                lot_ids=lots.ids,
                production=context["locations"]["production"],
            )
        )

    @api.model
    def _set_depths(self, start_rows, rows, max_depth=None):
        """Give each link row its depth: the breadth-first level of its parent lot from the
        start lot, plus one. Keep rows up to ``max_depth`` (all when None), sorted by start lot
        and depth."""
        children = defaultdict(list)
        for row in rows:
            children[(row["root_lot_id"], row["parent_lot_id"])].append(row)
        result = []
        for start in start_rows:
            root = start["root_lot_id"]
            level = {root: 0}
            queue = deque([root])
            while queue:
                parent = queue.popleft()
                depth = level[parent] + 1
                if max_depth is not None and depth > max_depth:
                    continue
                for row in sorted(children[(root, parent)], key=lambda r: (r["date"], r["lot_id"])):
                    result.append(dict(row, depth=depth))
                    if row["lot_id"] not in level:
                        level[row["lot_id"]] = depth
                        queue.append(row["lot_id"])
        return result

    @api.model
    def _read_child_order(self, lot_ids, direction, context):
        """``{lot id: [lot ids one level direction from it]}`` for ``lot_ids`` (one query, no
        walk), each lot's children in the order ``_set_depths`` visits them: by the earliest
        date of their links (a link's date being the latest of its document's lines, as in
        ``_read_link_rows``), then by lot. Every lot reached, whatever the user may read.

        What a walk's breadth-first levels and order need (``_get_breadth_first_levels``):
        pairs of ids, where ``_read_link_rows`` hands over a dict per link and document for
        each start lot (a hub's 127,000 links: half of the recall's walk)."""
        walk = self._given_lots_walk_sql(lot_ids)
        rows = self._query(
            SQL(
                """
                SELECT link.parent_lot_id, ARRAY_AGG(link.lot_id ORDER BY link.date, link.lot_id)
                  FROM (SELECT link.parent_lot_id, link.lot_id, MIN(link.date) AS date
                          FROM (%(links)s) link
                         GROUP BY link.parent_lot_id, link.lot_id) link
                 GROUP BY link.parent_lot_id
                """,
                links=self._link_rows_sql(walk, direction, context),
            )
        )
        return dict(rows)

    @api.model
    def _get_breadth_first_levels(self, lots, children):
        """``[(lot id, depth, start lot id)]``: every lot reached from ``lots`` once (a start
        lot only when another start lot reaches it), at its smallest depth from a start lot
        (the smallest start lot id among those reaching it there), sorted by depth, start lot,
        then the breadth-first order of ``_set_depths`` (``children``: see
        ``_read_child_order``). The order in which a recall's lots come out of ``_get_links``'s
        links sorted by depth and start lot, without building them."""
        best = {}
        for root in sorted(set(lots.ids)):
            level = {root: 0}
            queue = [root]
            for parent in queue:  # grows while it is read: breadth first
                depth = level[parent] + 1
                for lot_id in children.get(parent, ()):
                    if lot_id not in level:
                        level[lot_id] = depth
                        queue.append(lot_id)
            # a lot's smallest (depth, start lot, order found) over the start lots
            for position, lot_id in enumerate(queue[1:]):
                key = (level[lot_id], root, position)
                if lot_id not in best or key < best[lot_id]:
                    best[lot_id] = key
        return [
            (lot_id, depth, root)
            for lot_id, (depth, root, __) in sorted(best.items(), key=itemgetter(1))
        ]

    @api.model
    def _get_downstream(self, lots, parts=DOWNSTREAM_PARTS, with_links=False, with_levels=False):
        """See ``stock.lot._get_downstream_impact``: the ``parts`` asked for (among
        ``DOWNSTREAM_PARTS``) of what is downstream of ``lots``, from ONE walk.

        Two queries: the walk (one recursive query) gives every reached lot; then each part
        (for ``lots``: which reached lots the record rules let the user read) is a branch of
        a ``UNION ALL`` over those lots, given as an array (``_read_downstream_parts``).

        ``with_links``: the walk also reads each link's details, and the result has two more
        keys: ``links`` (what ``stock.lot._get_genealogy_links("downstream")`` returns) and
        ``reached`` ({start lot id: set of the lot ids reached from it, itself included},
        whatever the user may read: the parts' rows of each start lot are those of its
        reached lots). What a recall and Item Details ask, without a second walk.
        ``with_levels``: what a recall's snapshot needs of the links, cheaper: ``levels``
        (``_get_breadth_first_levels``: the lots the user may read, in the order of the
        ``links`` sorted by depth and start lot) and ``reached`` (not with ``with_links``:
        ask for one of the two)."""
        unknown = set(parts) - set(DOWNSTREAM_PARTS)
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}, expected {DOWNSTREAM_PARTS}")
        result = {part: [] for part in parts}
        if "lots" in parts:
            result["lots"] = lots.browse()
        walk_keys = ["links"] * with_links + ["levels"] * with_levels
        result.update({key: [] for key in walk_keys}, **({"reached": {}} if walk_keys else {}))
        if not lots or not (parts or with_links or with_levels):
            return result
        self._flush_genealogy()
        context = self._get_walk_context()
        rules = {
            model: self._get_rule_condition(model)
            for model in {PART_MODELS_BY_PART[part] for part in parts}
        }
        reached, walk_result = self._walk_downstream(lots, context, with_links, with_levels)
        result.update(walk_result)
        # customers rolled up in SQL need the lines' record rules as a condition: with a rule
        # with joins, they are rolled up from the deliveries the user may read
        customers_from_deliveries = "customers" in parts and rules["stock.move.line"] is None
        read_parts = set(parts) | ({"deliveries"} if customers_from_deliveries else set())
        rows = self._read_downstream_parts(reached, read_parts, rules, context)
        if "lots" in parts:
            rule = rules["stock.lot"]
            if rule is None:  # a rule with joins
                readable_ids = self._get_readable_ids("stock.lot", reached)
            elif rule.code == "TRUE":
                readable_ids = reached
            else:
                hidden = {row[1] for row in rows["lots"]}
                readable_ids = [lot_id for lot_id in reached if lot_id not in hidden]
            result["lots"] = lots.browse(sorted(readable_ids))
        if read_parts - {"lots"}:
            dicts = self._downstream_rows_as_dicts(rows, read_parts, rules)
            if customers_from_deliveries:
                dicts["customers"] = self._roll_up_customers(dicts["deliveries"])
            result.update({part: dicts[part] for part in parts if part != "lots"})
        return result

    @api.model
    def _walk_downstream(self, lots, context, with_links=False, with_levels=False):
        """(ids of the lots reached downstream of ``lots``, start lots included; {} or, with
        ``with_links``, the ``links`` and ``reached`` keys of ``_get_downstream``, with
        ``with_levels``, its ``levels`` and ``reached``): one walk."""
        if with_links and with_levels:
            # two walks: the levels are what the links give, cheaper; ask for one
            raise ValueError("ask for the links or the levels of a walk, not both")
        if with_levels:
            return self._walk_downstream_levels(lots, context)
        if not with_links:
            return self._get_downstream_lot_ids(lots, context), {}
        link_rows = self._read_link_rows(lots, "downstream", context)
        reached_by_root = {lot_id: {lot_id} for lot_id in lots.ids}
        for row in link_rows:
            reached_by_root[row["root_lot_id"]].add(row["lot_id"])
        return list(set().union(*reached_by_root.values())), {
            "links": self._links_from_rows(lots, link_rows, context),
            "reached": reached_by_root,
        }

    @api.model
    def _walk_downstream_levels(self, lots, context):
        """(ids of the lots reached downstream of ``lots``, start lots included; the
        ``levels`` and ``reached`` keys of ``_get_downstream``): the walk without details,
        then the links of the reached lots as ordered pairs (``_read_child_order``)."""
        rows = self._query(
            SQL(
                "%s SELECT root_lot_id, lot_id FROM walk",
                self._walk_sql(lots.ids, "downstream", context),
            )
        )
        reached_by_root = {lot_id: {lot_id} for lot_id in lots.ids}
        for root_lot_id, lot_id in rows:
            reached_by_root[root_lot_id].add(lot_id)
        reached = list(set().union(*reached_by_root.values()))
        children = self._read_child_order(reached, "downstream", context)
        levels = self._get_breadth_first_levels(lots, children)
        visible = self._get_readable_ids("stock.lot", [lot_id for lot_id, __, __ in levels])
        return reached, {
            "levels": [level for level in levels if level[0] in visible],
            "reached": reached_by_root,
        }

    @api.model
    def _roll_up_customers(self, deliveries):
        """The ``customers`` part (see ``stock.lot._get_downstream_impact``) rolled up from
        ``deliveries`` dicts: each commercial partner that received one, with the addresses it
        received them at."""
        addresses = defaultdict(set)
        for delivery in deliveries:
            if delivery["quantity"] > 0:
                address_ids = addresses[delivery["commercial_partner_id"]]
                if delivery["partner_id"]:
                    address_ids.add(delivery["partner_id"])
        return [
            {"commercial_partner_id": partner_id, "address_ids": sorted(address_ids)}
            for partner_id, address_ids in addresses.items()
        ]

    @api.model
    def _read_downstream_parts(self, reached, parts, rules, context):
        """{part: rows} of ``parts`` for the ``reached`` lot ids, read by one query (none when
        no part needs one). PostgreSQL knows how many lots it reads (a walk inside the same
        query is estimated at a few hundred lots whatever its size): for a few lots it looks up
        each lot's lines and quants in an index, for a hub (50,000 lots, 250,000 deliveries) it
        reads the lines' index in order and hashes the quants. A delivery is read from the
        lines' index alone, its address included. Rows share one shape: ``(part,
        lot_id, record_id, picking_id, partner_id, date (text), quantity, product_id,
        quant ids)``."""
        rows = defaultdict(list)
        branches = [
            self._downstream_part_sql(part, rules, context)
            for part in DOWNSTREAM_PARTS
            if part in parts
        ]
        branches = [branch for branch in branches if branch is not None]
        if not branches:
            return rows
        query = SQL(
            """
            WITH reached AS MATERIALIZED (SELECT UNNEST(%(reached)s::integer[]) AS lot_id)
            %(branches)s
            """,
            # in the index's order: the lots' lines are looked up in the index one after the
            # other, the pages they read stay in the CPU's cache (the water hub's 31,338 lots:
            # 125 -> 85 ms for the deliveries' index)
            reached=_array_parameter(sorted(reached)),
            branches=SQL(" UNION ALL ").join(branches),
        )
        # the rows of a branch come together: one extend per branch, not an append per row
        for part_index, part_rows in groupby(self._query(query), key=itemgetter(0)):
            rows[DOWNSTREAM_PARTS[part_index]].extend(part_rows)
        return rows

    @api.model
    def _downstream_rows_as_dicts(self, rows, parts, rules):
        """{part: list of dicts} for the ``deliveries``, ``shipments`` and ``on_hand`` among
        ``parts`` (see ``stock.lot._get_downstream_impact``), from the ``rows`` of
        ``_read_downstream_parts``. Units and commercial partners are read once for the
        products and partners of the rows, not joined to each row (a hub's 250,000 deliveries
        have 1,000 customers and 100 products)."""
        result = {}
        fromisoformat = datetime.fromisoformat
        uom_by_product, commercial_by_partner = self._get_units_and_customers(
            {row[7] for part in ("deliveries", "shipments", "on_hand") for row in rows[part]},
            {row[4] for part in ("deliveries", "shipments") for row in rows[part]},
        )
        visible_lines = None
        if rules.get("stock.move.line", False) is None:  # a rule with joins
            visible_lines = self._get_readable_ids(
                "stock.move.line",
                [row[2] for part in ("deliveries", "shipments") for row in rows[part]],
            )
        for part in ("deliveries", "shipments"):
            if part in parts:
                result[part] = [
                    {
                        "lot_id": lot_id,
                        "move_line_id": line_id,
                        "picking_id": picking_id,
                        "partner_id": partner_id,
                        "commercial_partner_id": commercial_by_partner.get(partner_id),
                        "date": date and fromisoformat(date),
                        "quantity": quantity,
                        "uom_id": uom_by_product[product_id],
                    }
                    for (
                        _part,
                        lot_id,
                        line_id,
                        picking_id,
                        partner_id,
                        date,
                        quantity,
                        product_id,
                        _ids,
                    ) in rows[part]
                    if visible_lines is None or line_id in visible_lines
                ]
        if "customers" in parts:
            result["customers"] = [
                {"commercial_partner_id": row[2], "address_ids": sorted(row[8] or ())}
                for row in rows["customers"]
            ]
        if "on_hand" in parts:
            visible_quants = None
            if rules["stock.quant"] is None:  # a rule with joins
                visible_quants = self._get_readable_ids(
                    "stock.quant", [quant_id for row in rows["on_hand"] for quant_id in row[8]]
                )
            result["on_hand"] = [
                {
                    "lot_id": row[1],
                    "location_id": row[2],
                    "quantity": row[6],
                    "uom_id": uom_by_product[row[7]],
                }
                for row in rows["on_hand"]
                if visible_quants is None or any(q in visible_quants for q in row[8])
            ]
        return result

    @api.model
    def _get_units_and_customers(self, product_ids, partner_ids):
        """({product id: id of its unit}, {partner id: id of its commercial partner}), read
        by one query. The ids are joined as rows: planning ``id = ANY(array)`` estimates each
        element of the array (a millisecond for a thousand customers)."""
        product_ids, partner_ids = list(product_ids), list(filter(None, partner_ids))
        if not product_ids and not partner_ids:
            return {}, {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT 'product', product.id, tmpl.uom_id
                  FROM UNNEST(%s::integer[]) AS given(id)
                  JOIN product_product product ON product.id = given.id
                  JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                 UNION ALL
                SELECT 'partner', partner.id, partner.commercial_partner_id
                  FROM UNNEST(%s::integer[]) AS given(id)
                  JOIN res_partner partner ON partner.id = given.id
                """,
                _array_parameter(product_ids),
                _array_parameter(partner_ids),
            )
        )
        maps = {"product": {}, "partner": {}}
        for kind, record_id, value in rows:
            maps[kind][record_id] = value
        return maps["product"], maps["partner"]

    @api.model
    def _get_downstream_lot_ids(self, lots, context):
        """Walk downstream of ``lots`` (one recursive query): the ids of every lot reached,
        start lots included. Which of them the user may read is asked afterwards, over the
        ids (the ``lots`` part of ``_get_downstream``): a hub's 50,000 lots are then checked
        by one hash join instead of one lookup each. Sorted: the queries that read each lot's
        lines then descend the lines' index in its order (``_read_downstream_parts``)."""
        # from one lot, each reached lot comes once (the walk's UNION): no DISTINCT to hash
        distinct = SQL("DISTINCT") if len(lots) > 1 else SQL()
        rows = self._query(
            SQL(
                "%s SELECT %s lot_id FROM walk",
                self._walk_sql(lots.ids, "downstream", context),
                distinct,
            )
        )
        return sorted(lot_id for (lot_id,) in rows)

    @api.model
    def _customer_lines_sql(self, part, rule, customer):
        """The done lines of the lot ``reached.lot_id`` (a LATERAL subquery) that cross into or
        out of a customer location (``customer``: its ids): ``(lot_id, id, picking_id,
        picking_partner_id, move_id, date, quantity, product_id)``, ``quantity`` in the
        product's unit, negative for a customer return, numeric as stored (the reader casts
        it; negated, not multiplied by -1: a numeric multiplication per line). ``part``
        "customers": deliveries only (who received one: a return does not undo that).
        ``rule``: the condition of the record rules on the lines (the table keeps its own
        name)."""
        # A delivery enters a customer location, a customer return leaves one (negative
        # quantity). A return to the supplier enters a supplier location: not a delivery.
        # One index range per lot: its done lines (few) are read from the index and filtered
        # there.
        if part == "customers":
            crossing = SQL(
                "stock_move_line.location_dest_id = ANY(%(customer)s) "
                "AND NOT stock_move_line.location_id = ANY(%(customer)s)",
                customer=customer,
            )
        else:
            crossing = SQL(
                "(stock_move_line.location_dest_id = ANY(%(customer)s)) "
                "<> (stock_move_line.location_id = ANY(%(customer)s))",
                customer=customer,
            )
        return SQL(
            """
            SELECT stock_move_line.lot_id, stock_move_line.id,
                   stock_move_line.picking_id, stock_move_line.picking_partner_id,
                   stock_move_line.move_id, stock_move_line.date,
                   CASE WHEN stock_move_line.location_dest_id = ANY(%(customer)s)
                        THEN stock_move_line.quantity_product_uom
                        ELSE -stock_move_line.quantity_product_uom END AS quantity,
                   stock_move_line.product_id
              FROM stock_move_line
             WHERE stock_move_line.lot_id = reached.lot_id
               AND stock_move_line.state = 'done' AND %(rule)s AND %(crossing)s
            """,
            customer=customer,
            rule=rule,
            crossing=crossing,
        )

    @api.model
    def _downstream_part_sql(self, part, rules, context):
        """One branch of ``_get_downstream``'s query: the rows of ``part`` for the lots of the
        ``reached`` CTE, ``rules`` giving the record rules of the models read (None: filtered
        afterwards)."""
        rule = rules.get(PART_MODELS_BY_PART[part])
        if part == "lots":
            # the reached lots the record rules HIDE from the user (usually none: not 50,000
            # readable ids sent back); no rule: none, a rule with joins: checked by
            # ``_get_readable_ids``
            if rule is None or rule.code == "TRUE":
                return None
            return SQL(
                """
                SELECT %(part)s, stock_lot.id, NULL::integer, NULL::integer, NULL::integer,
                       NULL::text, NULL::float8, NULL::integer, NULL::integer[]
                  FROM reached JOIN stock_lot ON stock_lot.id = reached.lot_id
                 WHERE (%(rule)s) IS NOT TRUE
                """,
                part=DOWNSTREAM_PARTS.index(part),
                rule=rule,
            )
        if part == "customers" and rule is None:
            return None  # rolled up from the deliveries the user may read (_get_downstream)
        rule = rule if rule is not None else SQL("TRUE")
        customer = context["locations"]["customer"]
        if part == "on_hand":
            return SQL(
                """
                SELECT %(part)s, stock_quant.lot_id, stock_quant.location_id, NULL::integer,
                       NULL::integer, NULL::text, SUM(stock_quant.quantity)::float8,
                       stock_quant.product_id, ARRAY_AGG(stock_quant.id)
                  -- not fenced: a few lots are looked up in the index, a hub's 50,000 lots
                  -- are hashed against the quants
                  FROM reached
                  JOIN stock_quant ON stock_quant.lot_id = reached.lot_id
                 WHERE stock_quant.location_id = ANY(%(internal)s) AND %(rule)s
                 GROUP BY stock_quant.lot_id, stock_quant.location_id, stock_quant.product_id
                HAVING SUM(stock_quant.quantity) <> 0
                """,
                part=DOWNSTREAM_PARTS.index(part),
                internal=context["locations"]["internal"],
                rule=rule,
            )
        if part in ("deliveries", "customers"):
            lines = self._customer_lines_sql(part, rule, customer)
        else:
            # Shipments to stop: reserved, ready or waiting outgoing lines of an affected lot
            # whose move ends at a customer (also the pick and pack steps of a multi-step
            # delivery, whose final location is the customer). Not fenced: a few lots are
            # looked up in the open lines' index, a hub's 30,000 lots are hashed against the
            # open lines (31,338 index lookups finding nothing: 35 -> 10 ms at the water hub).
            lines = SQL(
                """
                SELECT stock_move_line.lot_id, stock_move_line.id, picking.id,
                       picking.partner_id, move.id, stock_move_line.date,
                       stock_move_line.quantity_product_uom, stock_move_line.product_id
                  FROM stock_move_line
                  JOIN stock_move move ON move.id = stock_move_line.move_id
                  LEFT JOIN stock_picking picking
                    ON picking.id = COALESCE(stock_move_line.picking_id, move.picking_id)
                 WHERE stock_move_line.lot_id = reached.lot_id
                   AND stock_move_line.state NOT IN ('done', 'cancel') AND %(rule)s
                   AND NOT stock_move_line.location_id = ANY(%(customer)s)
                   AND (stock_move_line.location_dest_id = ANY(%(customer)s)
                        OR move.location_final_id = ANY(%(customer)s))
                """,
                customer=customer,
                rule=rule,
            )
        # the partner is the transfer's (its delivery address), else the move's
        partner = SQL(
            "COALESCE(line.partner_id, "
            "(SELECT move.partner_id FROM stock_move move WHERE move.id = line.move_id))"
        )
        if part == "customers":
            # rolled up by commercial partner in SQL: a hub's 250,000 deliveries go to 1,000
            # customers (their addresses hashed first, then joined to the partners)
            return SQL(
                """
                SELECT %(part)s, NULL::integer, partner.commercial_partner_id, NULL::integer,
                       NULL::integer, NULL::text, NULL::float8, NULL::integer,
                       ARRAY_AGG(delivery.partner_id)
                           FILTER (WHERE delivery.partner_id IS NOT NULL)
                  FROM (SELECT DISTINCT %(partner)s AS partner_id
                          FROM reached
                         CROSS JOIN LATERAL (%(lines)s) line (lot_id, id, picking_id,
                                                              partner_id, move_id, date,
                                                              quantity, product_id)
                       ) delivery
                  LEFT JOIN res_partner partner ON partner.id = delivery.partner_id
                 GROUP BY partner.commercial_partner_id
                """,
                part=DOWNSTREAM_PARTS.index(part),
                partner=partner,
                lines=lines,
            )
        return SQL(
            """
            SELECT %(part)s, line.lot_id, line.id, line.picking_id, %(partner)s,
                   -- as text: Python's fromisoformat reads it 3 times faster than
                   -- psycopg2 parses a timestamp (a hub's 250,000 dates: 150 -> 45 ms)
                   line.date::text, line.quantity::float8, line.product_id, NULL::integer[]
              FROM reached
             CROSS JOIN LATERAL (%(lines)s) line (lot_id, id, picking_id, partner_id, move_id,
                                                  date, quantity, product_id)
            """,
            part=DOWNSTREAM_PARTS.index(part),
            partner=partner,
            lines=lines,
        )
