# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trace screen's first page (issue #18, item 4): the counts and the lines shown, without
building the whole tree of a hub.

The whole trace (``_get_trace_rows``, what the Excel export writes) hands every delivery of
the traced lot's descendants to Python: for a hub, tens of thousands of lots and up to 250,000
deliveries, one row each. The screen shows the first ``max_lines`` lines of that tree. Here:

* the tree is walked once to count its lots and links (``_read_tree_shape``); the details
  of the links (quantity, date, document) are read for the lots the page expands, with the
  next ones of the tree's order (``_links_ahead``), and of a lot's links, the first
  ``max_lines`` only (``_lazy_tree_visits``);
* the deliveries and shipments of its lots are read only for the lots shown, in the tree's
  order, :data:`EVENT_CHUNK` lots at a time, until the page is full;
* the counts (deliveries, customers, shipments to stop, lines in all) are counted by
  PostgreSQL over every lot of the tree (``_read_downstream_counts``).

The lines are the whole trace's first lines, in the same order (``tests/test_trace_page.py``).
Fenced like the module's other fast paths: the system parameter ``lot_traceability.orm_only``,
a record rule on move lines that needs joins, or a ``max_lines`` of 0 (everything) build the
whole trace and show its first lines."""

from collections import defaultdict, deque

from odoo import api, models
from odoo.tools import SQL

from ..models.stock_lot_genealogy import DOWNSTREAM_PARTS
from ..orm_bypass.sql_create import _array_parameter
from ..orm_bypass.switch import orm_only

#: Lots whose deliveries and shipments are read at a time, while the page fills.
EVENT_CHUNK = 500
#: Lots whose links are read at a time, while the page fills.
LINK_CHUNK = 200
#: Links looked at ahead of the page (in :data:`LINK_CHUNK`), looking for lots to read.
LOOKAHEAD_STEPS = 10


class StockLotTrace(models.TransientModel):
    _inherit = "stock.lot.trace"

    def _get_screen_page(self):
        """``(rows shown, counts, number of lines of the whole trace)`` of the trace, the
        rows being the whole trace's first ``max_lines``; ``None`` when the whole trace must
        be built instead (see the module's docstring)."""
        self.ensure_one()
        lot = self.lot_id
        lot.check_access("read")
        genealogy = self.env["stock.lot.genealogy"]
        rules = {"stock.move.line": genealogy._get_rule_condition("stock.move.line")}
        if orm_only(self.env) or rules["stock.move.line"] is None or self.max_lines <= 0:
            return None
        limit = self.max_lines
        rows = [self._lot_row(lot, "start", 0, quantity=None)]
        total = 1
        counts = dict.fromkeys(
            ("upstream_count", "downstream_count", "delivery_count", "customer_count"), 0
        )
        counts["to_stop_count"] = 0
        if self.direction in ("both", "upstream"):
            upstream = self._tree_rows(lot._get_genealogy_links("upstream"), "upstream")[1:]
            counts["upstream_count"] = len({row["lot_id"] for row in upstream})
            total += len(upstream)
            rows += upstream[: limit - len(rows)]
        if self.direction in ("both", "downstream"):
            genealogy._flush_genealogy()
            context = genealogy._get_walk_context()
            shape = self._read_tree_shape(lot, context)
            if shape is None:  # a lot of the tree the user may not read: the whole tree
                links = lot._get_genealogy_links("downstream")
                visits = list(self._tree_visits(links))
                shape = {
                    "reached": sorted({visit[0] for visit in visits}),
                    "lot_count": len({visit[0] for visit in visits[1:]}),
                    "visit_count": len(visits),
                }
            else:
                visits = self._lazy_tree_visits(lot.id, context, shape["multiple"])
            counts["downstream_count"] = shape["lot_count"]
            downstream = self._read_downstream_counts(shape["reached"], rules, context)
            lines = downstream.pop("lines")
            counts.update(downstream)
            total += shape["visit_count"] - 1 + lines
            if len(rows) < limit:
                rows += self._downstream_page(visits, limit - len(rows), rules, context)
        self._add_on_hand(rows)
        return rows, counts, total

    def _tree_visits(self, links):
        """The depth-first visits of the tree of ``links`` from its start lot, as
        ``_tree_rows`` makes its rows: ``(lot id, link, depth, first)``, ``first`` False for a
        lot reached again through another parent (shown again, not expanded twice)."""
        children = defaultdict(list)
        root = None
        for link in links:
            if link["depth"] == 0:
                root = link
            else:
                children[link["parent_lot_id"]].append(link)
        if root is None:
            return
        expanded = set()
        # an explicit stack (the tree of a hub is deep and wide): children in their order
        stack = [(root["lot_id"], None, 0)]
        while stack:
            lot_id, link, depth = stack.pop()
            first = lot_id not in expanded
            yield lot_id, link, depth, first
            if first:
                expanded.add(lot_id)
                stack.extend(
                    (child["lot_id"], child, depth + 1) for child in reversed(children[lot_id])
                )

    def _read_tree_shape(self, lot, context):
        """What the counts need of the downstream tree of ``lot``, without the details of its
        links: ``reached`` (ids of its lots, ``lot`` included), ``lot_count`` (lots below
        ``lot``) and ``visit_count`` (lot lines of the tree: one per link and document, as
        ``_tree_visits`` makes them, plus the start lot). One query walks the tree and counts
        the links of each (parent, child) pair of lots from the link index alone; only the
        pairs linked more than once (a lot consumed through several lines) have their
        documents read. ``None`` when the tree has a lot the user may not read (the whole
        tree is then built, which leaves them out)."""
        genealogy = self.env["stock.lot.genealogy"]
        rule = genealogy._get_rule_condition("stock.lot")
        if rule is None:  # a rule with joins
            return None
        [(reached, hidden, pair_count, multiple, root_is_child)] = genealogy._query(
            SQL(
                """
                %(walk)s,
                -- each reached lot's links counted by their own index lookup: the lots it
                -- is linked to, whether one of them more than once, whether the start lot
                parent AS (
                    SELECT walk.lot_id, edge.*
                      FROM walk, LATERAL (
                        SELECT COUNT(DISTINCT edge.lot_id) AS pairs,
                               COUNT(*) > COUNT(DISTINCT edge.lot_id) AS multiple,
                               BOOL_OR(edge.lot_id = %(root)s) AS root_is_child
                          FROM (%(edges)s) edge
                      ) edge
                )
                SELECT (SELECT ARRAY_AGG(lot_id) FROM walk),
                       (SELECT COUNT(*) FROM walk
                          JOIN stock_lot ON stock_lot.id = walk.lot_id
                         WHERE (%(rule)s) IS NOT TRUE),
                       (SELECT SUM(pairs) FROM parent),
                       (SELECT ARRAY_AGG(lot_id) FROM parent WHERE multiple),
                       (SELECT BOOL_OR(root_is_child) FROM parent)
                """,
                walk=genealogy._walk_sql(lot.ids, "downstream", context),
                edges=genealogy._edges_sql("downstream", context, details=False),
                rule=rule,
                root=lot.id,
            )
        )
        if hidden:
            return None
        # every lot reached but the start lot is linked from a reached lot
        lot_count = len(reached) - 1 + bool(root_is_child)
        visit_count = 1 + int(pair_count or 0)
        if multiple:
            # one lot line per document of the pair: the pair's link rows
            rows = genealogy._read_child_link_rows(multiple, "downstream", context)
            groups = defaultdict(int)
            for row in rows:
                groups[row["parent_lot_id"], row["lot_id"]] += 1
            visit_count += sum(count - 1 for count in groups.values())
        return {
            "reached": reached,
            "lot_count": lot_count,
            "visit_count": visit_count,
            "multiple": set(multiple or ()),
        }

    def _lazy_tree_visits(self, root_id, context, multiple=()):
        """The visits of ``_tree_visits`` for the downstream tree of the lot ``root_id``, the
        links of a lot read when the walk reaches it: with those of the next lots to expand
        (``_links_ahead``) and of the first lots below them (:data:`LINK_CHUNK` lots at a time,
        two levels a round): a page needs the links of its own lots only. In the order of
        ``stock.lot.genealogy._set_depths``: each lot's children by date, then lot. Every lot
        of the tree readable (``_read_tree_shape``).

        Of a lot's links, the first ``max_lines`` only (the salt hub has 16,000 children): a
        page shows a line for each child it visits, so that its ``max_lines`` lines never
        reach the next one; the visits read ahead of the page (events are read a chunk of
        lots ahead) may go past it, but are not shown. All the links of the lots of
        ``multiple`` (linked more than once to one lot: a row of their links is a sum, see
        ``stock.lot.genealogy._link_rows_sql``)."""
        genealogy = self.env["stock.lot.genealogy"]
        children = {}

        def load(lot_ids):
            """Read the links of ``lot_ids`` (those not read yet); return their children."""
            lot_ids = [lot_id for lot_id in dict.fromkeys(lot_ids) if lot_id not in children]
            if not lot_ids:
                return []
            rows = []
            first = [lot_id for lot_id in lot_ids if lot_id not in multiple]
            if first:
                rows += genealogy._read_child_link_rows(
                    first, "downstream", context, limit=self.max_lines
                )
            every = [lot_id for lot_id in lot_ids if lot_id in multiple]
            if every:
                rows += genealogy._read_child_link_rows(every, "downstream", context)
            for lot_id in lot_ids:
                children[lot_id] = []
            for row in rows:
                children[row["parent_lot_id"]].append(dict(row, depth=None))
            for lot_id in lot_ids:
                children[lot_id].sort(key=lambda link: (link["date"], link["lot_id"]))
            return [link["lot_id"] for lot_id in lot_ids for link in children[lot_id]]

        def load_two_levels(lot_ids):
            below = load(lot_ids)
            load([lot_id for lot_id in below if lot_id not in children][:LINK_CHUNK])

        yield root_id, None, 0, True
        expanded = {root_id}
        load_two_levels([root_id])
        # depth-first: (links of a lot, index of the next one to visit, their depth)
        stack = [(children[root_id], 0, 1)]
        while stack:
            links, index, depth = stack[-1]
            if index >= len(links):
                stack.pop()
                continue
            stack[-1] = (links, index + 1, depth)
            link = links[index]
            lot_id = link["lot_id"]
            first = lot_id not in expanded
            yield lot_id, link, depth, first
            if not first:
                continue
            expanded.add(lot_id)
            if lot_id not in children:
                # this lot and the next ones to expand (and below them), in two queries
                load_two_levels(self._links_ahead(lot_id, stack, children, expanded))
            stack.append((children[lot_id], 0, depth + 1))

    def _links_ahead(self, lot_id, stack, children, expanded):
        """``lot_id`` and the next lots of the depth-first order of ``_lazy_tree_visits``
        whose links are not read yet, :data:`LINK_CHUNK` in all: found by following that order
        over the links read so far (``children``) from the walk's ``stack`` (``lot_id`` is the
        last lot visited): its next siblings, then those of its parent and the lots below
        them, and so on up. A lot's next siblings alone are few below the first level of a
        hub (two, three): the lots of the page were read a few at a time, 70 queries for
        the salt hub's first page."""
        chunk = [lot_id]
        seen = set()
        frames = [[links, index] for links, index, _depth in stack]
        steps = 0
        while frames and len(chunk) < LINK_CHUNK and steps < LINK_CHUNK * LOOKAHEAD_STEPS:
            frame = frames[-1]
            links, index = frame
            if index >= len(links):
                frames.pop()
                continue
            frame[1] += 1
            steps += 1
            child = links[index]["lot_id"]
            if child in expanded or child in seen:
                continue  # shown again, not expanded: nothing below to read
            seen.add(child)
            if child in children:
                frames.append([children[child], 0])
            else:
                chunk.append(child)
        return chunk

    def _downstream_page(self, visits, budget, rules, context):
        """At most ``budget`` downstream rows of the tree of ``visits`` (an iterable, maybe
        lazy: read as far as the page needs, and :data:`EVENT_CHUNK` lots ahead) in the whole
        trace's order (its start lot's row left out), the deliveries and shipments read for
        the lots shown only."""
        visits = iter(visits)
        ahead = deque()  # visits read from ``visits`` but not handled yet
        events = {}
        plan = []
        index = -1
        while len(plan) < budget:
            visit = ahead.popleft() if ahead else next(visits, None)
            if visit is None:
                break
            index += 1
            lot_id, link, depth, first = visit
            if index:
                plan.append(("lot", lot_id, link, depth, first))
            if not first:
                continue
            if lot_id not in events:
                # this lot and the next ones to expand: their events in one query
                chunk = self._lots_ahead(lot_id, visits, ahead, events)
                events.update(self._read_events(chunk, rules, context))
            for line_type, record in events[lot_id][: budget - len(plan)]:
                plan.append(("event", line_type, record, depth + 1))
        documents = self._get_documents([item[2] for item in plan if item[0] == "lot"])
        lots = self.env["stock.lot"].browse({item[1] for item in plan if item[0] == "lot"})
        lots_by_id = {lot.id: lot for lot in lots}
        records = [item[2] for item in plan if item[0] == "event"]
        prefetch = {
            "stock.picking": [record["picking_id"] for record in records if record["picking_id"]],
            "res.partner": [record["partner_id"] for record in records if record["partner_id"]],
            "stock.lot": [record["lot_id"] for record in records],
        }
        # what the rows show of them (a transfer's name, what a partner's name is made of),
        # not every column of 1,700 transfers and 800 partners (a field read for one record
        # is read for all of its prefetch set); anything else is read when asked, as before
        self.env["stock.picking"].browse(prefetch["stock.picking"]).fetch(["name"])
        partners = self.env["res.partner"].browse(prefetch["res.partner"])
        partners.fetch(self._partner_name_fields(partners))
        rows = []
        for item in plan:
            if item[0] == "lot":
                _kind, lot_id, link, depth, first = item
                row = self._lot_row(
                    lots_by_id[lot_id], "downstream", depth, link=link, documents=documents
                )
                if not first:
                    row["name"] += self.env._(" (see above)")
                rows.append(row)
            else:
                _kind, line_type, record, depth = item
                rows.append(self._event_row(line_type, record, depth, prefetch=prefetch))
        return rows

    @api.model
    def _partner_name_fields(self, partners):
        """The fields of ``res.partner`` its name on a line is made of: those its stored
        ``complete_name`` depends on (what ``_get_complete_name``, which the display name
        calls, reads), as Odoo declares them (another module's additions included)."""
        depends, __ = partners._fields["complete_name"].get_depends(partners)
        return sorted({path.split(".")[0] for path in depends})

    def _lots_ahead(self, lot_id, visits, ahead, events):
        """``lot_id`` and the next lots to expand without ``events`` yet, :data:`EVENT_CHUNK`
        in all: the visits read for them from the iterator ``visits`` are queued in
        ``ahead``."""
        chunk = [lot_id] + [item[0] for item in ahead if item[3]]
        while len(chunk) < EVENT_CHUNK:
            item = next(visits, None)
            if item is None:
                break
            ahead.append(item)
            if item[3]:
                chunk.append(item[0])
        return [item for item in dict.fromkeys(chunk) if item not in events][:EVENT_CHUNK]

    def _read_events(self, lot_ids, rules, context):
        """``{lot id: [(line type, delivery or shipment dict)]}`` of ``lot_ids`` (each lot
        given has a list), in the whole trace's order: by date, then line."""
        genealogy = self.env["stock.lot.genealogy"]
        parts = {"deliveries", "shipments"}
        rows = genealogy._read_downstream_parts(lot_ids, parts, rules, context)
        dicts = genealogy._downstream_rows_as_dicts(rows, parts, rules)
        events = {lot_id: [] for lot_id in lot_ids}
        for line_type, part in (("delivery", "deliveries"), ("to_stop", "shipments")):
            for record in sorted(dicts[part], key=lambda r: (r["date"], r["move_line_id"])):
                events[record["lot_id"]].append((line_type, record))
        return events

    def _read_downstream_counts(self, reached, rules, context):
        """The counts of the deliveries and shipments of the ``reached`` lots, by
        PostgreSQL: ``delivery_count`` (transfers, customer returns included),
        ``customer_count`` (commercial partners, deliveries without partner as one),
        ``to_stop_count`` (lines of shipments to stop) and ``lines`` (delivery and shipment
        lines: rows of the whole trace)."""
        genealogy = self.env["stock.lot.genealogy"]
        # the distinct counts of a hub's 250,000 lines sorted in memory, not on disk: work_mem
        # raised for this query only (as the recall summary's, stock_lot_genealogy_summary)
        work_mem = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("lot_traceability.summary_work_mem", "64MB")
        )
        self.env.cr.execute(SQL("SELECT set_config('work_mem', %s, true)", work_mem))
        [(deliveries, customers, delivery_lines, shipment_lines)] = self.env.execute_query(
            SQL(
                """
                WITH reached AS MATERIALIZED (SELECT UNNEST(%(reached)s::integer[]) AS lot_id),
                line (part, lot_id, id, picking_id, partner_id, date, quantity, product_id, ids)
                    AS (%(deliveries)s UNION ALL %(shipments)s)
                SELECT COUNT(DISTINCT line.picking_id) FILTER (WHERE line.part = %(delivery)s),
                       COUNT(DISTINCT COALESCE(partner.commercial_partner_id, 0))
                           FILTER (WHERE line.part = %(delivery)s),
                       COUNT(*) FILTER (WHERE line.part = %(delivery)s),
                       COUNT(*) FILTER (WHERE line.part = %(shipment)s)
                  FROM line LEFT JOIN res_partner partner ON partner.id = line.partner_id
                """,
                reached=_array_parameter(reached),
                deliveries=genealogy._downstream_part_sql("deliveries", rules, context),
                shipments=genealogy._downstream_part_sql("shipments", rules, context),
                delivery=DOWNSTREAM_PARTS.index("deliveries"),
                shipment=DOWNSTREAM_PARTS.index("shipments"),
            )
        )
        # (after an error the transaction is rolled back, and the setting with it)
        self.env.cr.execute(SQL("SET LOCAL work_mem TO DEFAULT"))
        return {
            "delivery_count": deliveries,
            "customer_count": customers,
            "to_stop_count": shipment_lines,
            "lines": delivery_lines + shipment_lines,
        }
