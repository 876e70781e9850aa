# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The genealogy engine: every parent -> child lot link, walked by one recursive query.

One link source only: Odoo's ``stock_move_line_consume_rel``. A row of it joins an *input*
line (column ``produce_line_id``: a component consumed by a manufacturing order, the finished
product taken apart by an unbuild, the batch consumed by a split, a lot consumed by a merge)
to an *output* line (column ``consume_line_id``: the finished product, the recovered
component, the unit, the merged lot). The names read backwards: ``consume_line_ids`` of a
finished line are the component lines it consumed. Manufacturing orders (and so this module's
build wizard), unbuild orders and this module's split and merge (``stock.lot.transformation``)
all write that relation, so walking it downstream from a lot gives everything the lot became,
and upstream everything it was made of.

Walks use ``UNION`` on ``(root_lot_id, lot_id)`` as the visited set: each lot is expanded once
per start lot, so cycles (an unbuilt lot rebuilt into itself, bad data) end by themselves and a
hub lot reached through many paths costs one visit.
"""

from collections import defaultdict, deque

from odoo import api, models
from odoo.tools import SQL, create_index

DIRECTIONS = ("downstream", "upstream")


class StockLotGenealogy(models.AbstractModel):
    _name = "stock.lot.genealogy"
    _description = "Lot Genealogy Engine"

    def init(self):
        # Odoo has no index on stock_move_line.lot_id: every walk step and every recall lookup
        # starts from the done lines of a set of lots. The relation table already has
        # (consume_line_id, produce_line_id) as primary key and an index on
        # (produce_line_id, consume_line_id): both walking directions are covered.
        create_index(
            self.env.cr,
            "stock_move_line_done_lot_id_index",
            "stock_move_line",
            ["lot_id"],
            where="state = 'done' AND lot_id IS NOT NULL",
        )
        # Lines not done yet (shipments to stop): few, but looked up by lot.
        create_index(
            self.env.cr,
            "stock_move_line_open_lot_id_index",
            "stock_move_line",
            ["lot_id"],
            where="state NOT IN ('done', 'cancel') AND lot_id IS NOT NULL",
        )
        # Unbuild orders link the unbuilt lot to the recovered lots through their moves.
        create_index(
            self.env.cr,
            "stock_move_unbuild_id_index",
            "stock_move",
            ["unbuild_id"],
            where="unbuild_id IS NOT NULL",
        )
        create_index(
            self.env.cr,
            "mrp_unbuild_done_lot_id_index",
            "mrp_unbuild",
            ["lot_id"],
            where="state = 'done'",
        )

    # ------------------------------------------------------------------
    # SQL building blocks
    # ------------------------------------------------------------------
    @api.model
    def _get_readable_ids(self, model_name, ids):
        """The ids among ``ids`` the user may read (access rights and record rules, e.g.
        multi-company), checked by one SQL query rather than record by record."""
        ids = list(set(ids))
        if not ids or self.env.su:
            return set(ids)
        return set(self.env[model_name]._search([("id", "in", ids)]).get_result_ids())

    @api.model
    def _query(self, query, as_dict=False):
        """Run one genealogy query with PostgreSQL's JIT compilation off.

        The planner cannot estimate a recursive walk and overestimates its cost, which
        triggers JIT: compiling takes 50-100 ms for a query that runs in a few ms. The setting
        is local to the transaction and restored right after the query.
        """
        cr = self.env.cr
        cr.execute(SQL("SELECT current_setting('jit'), set_config('jit', 'off', true)"))
        previous = cr.fetchone()[0]
        try:
            if as_dict:
                return self.env.execute_query_dict(query)
            return self.env.execute_query(query)
        finally:
            cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))

    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
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
                "date",
            ]
        )
        self.env["stock.move"].flush_model(
            ["production_id", "raw_material_production_id", "unbuild_id", "partner_id"]
        )
        self.env["stock.lot"].flush_model(["product_id"])
        self.env["stock.quant"].flush_model(["lot_id", "location_id", "quantity"])
        self.env["stock.picking"].flush_model(["partner_id"])
        self.env["stock.lot.transformation"].flush_model(["transformation_type", "move_ids"])
        self.env["mrp.unbuild"].flush_model(["lot_id", "state", "product_qty"])

    @api.model
    def _walk_sql(self, lot_ids, direction):
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
            edges=self._edges_sql(direction),
        )

    @api.model
    def _edges_sql(self, direction):
        """The links of the lot ``walk.lot_id`` (a LATERAL subquery): one row per line of a
        reached lot, with ``lot_id``, ``line_id`` (its move line), ``quantity`` (of the reached
        lot, product unit), ``date`` and ``move_id`` (the move whose document is the link's:
        manufacturing order, unbuild order or split/merge).

        Two sources: ``stock_move_line_consume_rel`` (manufacturing, by-products, split, merge,
        build) and unbuild orders, whose recovered components Odoo 18 does not link to the
        unbuilt line (it links only by-products).
        """
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        if direction == "downstream":
            # rel.produce_line_id is the input (component) line, rel.consume_line_id the output
            return SQL(
                """
                SELECT far_ml.lot_id, far_ml.id AS line_id,
                       far_ml.quantity_product_uom AS quantity, far_ml.date,
                       far_ml.move_id
                  FROM stock_move_line near_ml
                  JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = near_ml.id
                  JOIN stock_move_line far_ml ON far_ml.id = rel.consume_line_id
                 WHERE near_ml.lot_id = walk.lot_id AND near_ml.state = 'done'
                   AND far_ml.state = 'done' AND far_ml.lot_id IS NOT NULL
                 UNION ALL
                SELECT ml.lot_id, ml.id, ml.quantity_product_uom, ml.date, ml.move_id
                  FROM mrp_unbuild unbuild
                  JOIN stock_move move ON move.unbuild_id = unbuild.id
                  JOIN stock_move_line ml ON ml.move_id = move.id
                  JOIN stock_location source ON source.id = ml.location_id
                 WHERE unbuild.lot_id = walk.lot_id AND unbuild.state = 'done'
                   AND ml.state = 'done' AND ml.lot_id IS NOT NULL
                   AND source.usage = 'production'
                """
            )
        return SQL(
            """
            SELECT far_ml.lot_id, far_ml.id AS line_id,
                   far_ml.quantity_product_uom AS quantity, far_ml.date,
                   near_ml.move_id
              FROM stock_move_line near_ml
              JOIN stock_move_line_consume_rel rel ON rel.consume_line_id = near_ml.id
              JOIN stock_move_line far_ml ON far_ml.id = rel.produce_line_id
             WHERE near_ml.lot_id = walk.lot_id AND near_ml.state = 'done'
               AND far_ml.state = 'done' AND far_ml.lot_id IS NOT NULL
             UNION ALL
            SELECT unbuild.lot_id, NULL, unbuild.product_qty, ml.date, ml.move_id
              FROM stock_move_line ml
              JOIN stock_move move ON move.id = ml.move_id
              JOIN mrp_unbuild unbuild ON unbuild.id = move.unbuild_id
              JOIN stock_location source ON source.id = ml.location_id
             WHERE ml.lot_id = walk.lot_id AND ml.state = 'done'
               AND move.unbuild_id IS NOT NULL AND unbuild.state = 'done'
               AND unbuild.lot_id IS NOT NULL AND source.usage = 'production'
            """
        )

    # ------------------------------------------------------------------
    # Public entry points (called by stock.lot's thin methods)
    # ------------------------------------------------------------------
    @api.model
    def _get_reached_lot_ids(self, lots, direction):
        """{start lot id: set of reached lot ids (start lot included)}."""
        if not lots:
            return {}
        self._flush_genealogy()
        rows = self._query(
            SQL(
                "%s SELECT root_lot_id, lot_id FROM walk",
                self._walk_sql(lots.ids, direction),
            )
        )
        reached = defaultdict(set)
        for root_lot_id, lot_id in rows:
            reached[root_lot_id].add(lot_id)
        return reached

    @api.model
    def _get_lots(self, lots, direction):
        """Every lot reached from ``lots`` (included), as a recordset the user may read."""
        if not lots:
            return lots.browse()
        self._flush_genealogy()
        rows = self._query(
            SQL(
                "%s SELECT DISTINCT lot_id FROM walk",
                self._walk_sql(lots.ids, direction),
            )
        )
        return lots.browse(sorted(self._get_readable_ids("stock.lot", [row[0] for row in rows])))

    @api.model
    def _get_links(self, lots, direction="downstream", max_depth=None):
        """See ``stock.lot._get_genealogy_links``."""
        if not lots:
            return []
        self._flush_genealogy()
        rows = self._query(
            SQL(
                """
                %(walk)s,
                link_line AS (
                    -- one row per reached line and document: a line linked to several
                    -- lines of the same lot counts once. OFFSET 0 keeps the lateral
                    -- subquery a per-lot index lookup instead of a join of whole tables.
                    SELECT DISTINCT walk.root_lot_id, walk.lot_id AS parent_lot_id, link.*
                      FROM walk, LATERAL (
                        SELECT edge.lot_id, edge.line_id, edge.quantity, edge.date,
                               tmpl.uom_id,
                               CASE
                                   WHEN trf.id IS NOT NULL THEN trf.transformation_type
                                   WHEN move.unbuild_id IS NOT NULL THEN 'unbuild'
                                   ELSE 'production'
                               END AS link_type,
                               CASE
                                   WHEN trf.id IS NOT NULL THEN 'stock.lot.transformation'
                                   WHEN move.unbuild_id IS NOT NULL THEN 'mrp.unbuild'
                                   WHEN COALESCE(move.production_id,
                                                 move.raw_material_production_id) IS NOT NULL
                                       THEN 'mrp.production'
                                   ELSE 'stock.move'
                               END AS res_model,
                               COALESCE(trf.id, move.unbuild_id, move.production_id,
                                        move.raw_material_production_id, move.id) AS res_id
                          FROM (%(edges)s) edge
                          JOIN stock_move move ON move.id = edge.move_id
                          JOIN stock_lot lot ON lot.id = edge.lot_id
                          JOIN product_product product ON product.id = lot.product_id
                          JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                          LEFT JOIN stock_lot_transformation_stock_move_rel trf_rel
                            ON trf_rel.stock_move_id = move.id
                          LEFT JOIN stock_lot_transformation trf
                            ON trf.id = trf_rel.stock_lot_transformation_id
                        OFFSET 0
                      ) link
                )
                SELECT root_lot_id, parent_lot_id, lot_id, uom_id, link_type, res_model, res_id,
                       SUM(quantity) AS quantity, MAX(date) AS date
                  FROM link_line
                 GROUP BY root_lot_id, parent_lot_id, lot_id, uom_id, link_type, res_model, res_id
                """,
                walk=self._walk_sql(lots.ids, direction),
                edges=self._edges_sql(direction),
            ),
            as_dict=True,
        )
        start_rows = self._query(
            SQL(
                """
                SELECT lot.id AS root_lot_id, lot.id AS lot_id, NULL::integer AS parent_lot_id,
                       0 AS depth, COALESCE(SUM(quant.quantity), 0.0) AS quantity,
                       tmpl.uom_id, NULL AS link_type, NULL AS res_model,
                       NULL::integer AS res_id, lot.create_date AS date
                  FROM stock_lot lot
                  JOIN product_product product ON product.id = lot.product_id
                  JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                  LEFT JOIN stock_quant quant ON quant.lot_id = lot.id
                   AND quant.location_id IN (
                       SELECT id FROM stock_location WHERE usage = 'internal')
                 WHERE lot.id = ANY(%(lot_ids)s)
                 GROUP BY lot.id, tmpl.uom_id
                """,
                lot_ids=lots.ids,
            ),
            as_dict=True,
        )
        links = start_rows + self._set_depths(start_rows, rows, max_depth)
        visible = self._get_readable_ids("stock.lot", [link["lot_id"] for link in links])
        return [link for link in links if link["lot_id"] in visible]

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
    def _get_customer_deliveries(self, lots, done=True):
        """See ``stock.lot._get_customer_deliveries`` (``done=True``) and
        ``stock.lot._get_shipments_to_stop`` (``done=False``)."""
        if not lots:
            return []
        self._flush_genealogy()
        if done:
            # A delivery enters a customer location, a customer return leaves one (negative
            # quantity). A return to the supplier enters a supplier location: not a delivery.
            condition = SQL(
                """ml.state = 'done'
                AND (dest.usage = 'customer') <> (source.usage = 'customer')"""
            )
        else:
            # Not shipped yet: reserved, ready or waiting outgoing lines of an affected lot
            # whose move ends at a customer (also the pick and pack steps of a multi-step
            # delivery, whose final location is the customer).
            condition = SQL(
                """ml.state NOT IN ('done', 'cancel')
                AND source.usage <> 'customer'
                AND (dest.usage = 'customer' OR final.usage = 'customer')"""
            )
        rows = self._query(
            SQL(
                """
                %(walk)s
                SELECT line.*
                  FROM (SELECT DISTINCT lot_id FROM walk) reached, LATERAL (
                    SELECT ml.lot_id,
                           ml.id AS move_line_id,
                           COALESCE(ml.picking_id, move.picking_id) AS picking_id,
                           partner.id AS partner_id,
                           partner.commercial_partner_id,
                           ml.date,
                           CASE WHEN source.usage = 'customer' THEN -1 ELSE 1 END
                               * ml.quantity_product_uom AS quantity,
                           tmpl.uom_id
                      FROM stock_move_line ml
                      JOIN stock_move move ON move.id = ml.move_id
                      JOIN stock_location source ON source.id = ml.location_id
                      JOIN stock_location dest ON dest.id = ml.location_dest_id
                      LEFT JOIN stock_location final ON final.id = move.location_final_id
                      LEFT JOIN stock_picking picking
                        ON picking.id = COALESCE(ml.picking_id, move.picking_id)
                      LEFT JOIN res_partner partner
                        ON partner.id = COALESCE(picking.partner_id, move.partner_id)
                      JOIN product_product product ON product.id = ml.product_id
                      JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                     WHERE ml.lot_id = reached.lot_id AND %(condition)s
                    OFFSET 0
                  ) line
                 ORDER BY line.date, line.move_line_id
                """,
                walk=self._walk_sql(lots.ids, "downstream"),
                condition=condition,
            ),
            as_dict=True,
        )
        visible = self._get_readable_ids("stock.move.line", [row["move_line_id"] for row in rows])
        return [row for row in rows if row["move_line_id"] in visible]

    @api.model
    def _get_on_hand(self, lots):
        """See ``stock.lot._get_downstream_on_hand``."""
        if not lots:
            return []
        self._flush_genealogy()
        rows = self._query(
            SQL(
                """
                %(walk)s
                SELECT quant.lot_id, quant.location_id,
                       SUM(quant.quantity) AS quantity, quant.uom_id,
                       ARRAY_AGG(quant.id) AS quant_ids
                  FROM (SELECT DISTINCT lot_id FROM walk) reached, LATERAL (
                    SELECT quant.id, quant.lot_id, quant.location_id, quant.quantity,
                           tmpl.uom_id
                      FROM stock_quant quant
                      JOIN stock_location location ON location.id = quant.location_id
                      JOIN product_product product ON product.id = quant.product_id
                      JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                     WHERE quant.lot_id = reached.lot_id AND location.usage = 'internal'
                    OFFSET 0
                  ) quant
                 GROUP BY quant.lot_id, quant.location_id, quant.uom_id
                HAVING SUM(quant.quantity) <> 0
                 ORDER BY quant.lot_id, quant.location_id
                """,
                walk=self._walk_sql(lots.ids, "downstream"),
            ),
            as_dict=True,
        )
        quant_ids = [quant_id for row in rows for quant_id in row["quant_ids"]]
        visible = self._get_readable_ids("stock.quant", quant_ids)
        result = []
        for row in rows:
            if any(quant_id in visible for quant_id in row.pop("quant_ids")):
                result.append(row)
        return result
