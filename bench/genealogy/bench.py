# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Time lot_traceability's genealogy against Odoo 18's own lookups, on a generated database.

Measured, for a typical raw lot and two hub lots (salt, the widest, and water), downstream:
  ours      stock.lot._get_downstream_impact(["lots", "deliveries", "on_hand"]): one walk
            (also printed: the same with the customers rolled up instead of every delivery)
  summary   stock.lot._get_downstream_summary(): lot count, customers with net quantities,
            on hand, shipments rolled up by PostgreSQL (no delivery row handed to Python);
            checked equal to the row-level answer rolled up in Python
  odoo-rec  stock.lot._find_delivery_ids_by_lot            (recursive, one search per level)
  odoo-it   stock.lot._find_delivery_ids_by_lot_iterative  (iterative, Odoo 18)
  report    stock.traceability.report, every lot reached through its "is used in" links
            opened and its lines read, as a person following the report would (time-capped)
and upstream for a finished lot:
  ours      stock.lot._get_genealogy_links("upstream")
  report    stock.traceability.report of the lot with every unfoldable line unfolded
The delivery sets (picking ids) of ours and Odoo's lookups must be identical: the generated
history holds no vendor return and no customer return, where the business rules differ.

Ratios are taken against ours timed in turn with theirs, in the same minutes (timed_theirs).

Usage (see README.md): python bench.py -d DB --addons-path ... [--cap 120] [--repeat 5]
    [--odoo recursive,iterative,report] (Odoo's measurements to run; --ours-only: none)
"""

import argparse
import gc
import logging
import signal
import statistics
import time
from itertools import groupby
from operator import itemgetter

import odoo
from odoo import api
from odoo.tools import SQL

SQL_LOGGER = logging.getLogger("odoo.sql_db")


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def timed(func, repeat=1, cap=None, env=None):
    """Median wall time (s) of ``repeat`` cold-cache runs of func(), and its last result.
    Returns (None, None) when a run exceeds ``cap`` seconds."""
    times, result = [], None
    for _i in range(repeat):
        if env is not None:
            env.invalidate_all()
        # the garbage of the measure before (a hub's 250,000 delivery dicts) collected now, not
        # by a full collection inside this run: 0.50 s instead of 0.57-0.64 s for the water
        # hub's summary run right after the row-level answer
        gc.collect()
        if cap:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, cap)
            # the cap interrupts a query: not a "bad query" for Odoo's cursor to log
            SQL_LOGGER.disabled = True
        start = time.perf_counter()
        try:
            result = func()
        except Timeout:
            return None, None
        finally:
            if cap:
                signal.setitimer(signal.ITIMER_REAL, 0)
                SQL_LOGGER.disabled = False
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def timed_theirs(func, args, env, ours):
    """Time one of Odoo's answers against ``ours``, in the same minutes: this machine's speed
    varies up to 2x from one minute to the next, so a ratio of timings taken minutes apart
    measures the machine. Theirs runs once with the cap; when ``args.repeat`` runs cost under
    10 s, theirs and ours then run in turn ``args.repeat`` times each (medians), else ours runs
    ``args.repeat`` times right after theirs. Returns (theirs, its result, ours alongside)."""
    elapsed, result = timed(func, 1, args.cap, env)
    if elapsed is None:
        return None, None, None
    if elapsed * args.repeat >= 10:
        return elapsed, result, timed(ours, args.repeat, env=env)[0]
    times, ours_times = [], []
    for _i in range(args.repeat):
        elapsed, result = timed(func, 1, args.cap, env)
        if elapsed is None:
            return None, None, None
        times.append(elapsed)
        ours_times.append(timed(ours, 1, env=env)[0])
    return statistics.median(times), result, statistics.median(ours_times)


def ours_recall(lot):
    impact = lot._get_downstream_impact(["lots", "deliveries", "on_hand"])
    return impact["lots"], impact["deliveries"], impact["on_hand"]


def ours_recall_separately(lot):
    lots = lot._get_downstream_lots()
    deliveries = lot._get_customer_deliveries()
    on_hand = lot._get_downstream_on_hand()
    return lots, deliveries, on_hand


def rows_alone(env, deliveries, on_hand):
    """What handing over an answer of this size costs on this machine, whatever computes it:
    as many rows as ours (``deliveries`` delivery rows, ``on_hand`` on-hand rows, of the same
    columns) made up by PostgreSQL from ``generate_series`` (no table read), fetched through
    Odoo's cursor and turned into dicts by the engine's own ``_downstream_rows_as_dicts``.
    The rest of our time is the walk and the reading of the lines and quants."""
    from odoo.addons.lot_traceability.models.stock_lot_genealogy import DOWNSTREAM_PARTS

    genealogy = env["stock.lot.genealogy"]
    rows = genealogy._query(
        SQL(
            """
            SELECT %(deliveries_part)s, i, i, i, %(partner)s, LOCALTIMESTAMP(0)::text,
                   i * 1.5::float8, %(product)s, NULL::integer[]
              FROM generate_series(1, %(deliveries)s) i
             UNION ALL
            SELECT %(on_hand_part)s, i, i, NULL, NULL, NULL, i * 1.5::float8, %(product)s, NULL
              FROM generate_series(1, %(on_hand)s) i
            """,
            deliveries_part=DOWNSTREAM_PARTS.index("deliveries"),
            on_hand_part=DOWNSTREAM_PARTS.index("on_hand"),
            partner=env.ref("base.main_partner").id,
            product=env["product.product"].search([], limit=1).id,
            deliveries=deliveries,
            on_hand=on_hand,
        )
    )
    rows_by_part = {part: [] for part in DOWNSTREAM_PARTS}
    for part_index, part_rows in groupby(rows, key=itemgetter(0)):  # as the engine does
        rows_by_part[DOWNSTREAM_PARTS[part_index]].extend(part_rows)
    return genealogy._downstream_rows_as_dicts(
        rows_by_part,
        ("deliveries", "on_hand"),
        {"stock.move.line": SQL("TRUE"), "stock.quant": SQL("TRUE")},
    )


def report_downstream(env, lot):
    """Follow stock.traceability.report downstream from ``lot``: read the lot's report, open
    every "is used in" line, then every lot it leads to. Returns (lot ids, picking ids)."""
    report = env["stock.traceability.report"]
    seen, queue, pickings = {lot.id}, [lot.id], set()
    while queue:
        lot_id = queue.pop()
        lines = report.with_context(active_id=lot_id, model="stock.lot").get_lines()
        for line in lines:
            if line["res_model"] == "stock.picking" and line["usage"] == "out":
                pickings.add(line["res_id"])
            if line["is_used"]:
                used = report.with_context(
                    active_id=line["model_id"], model="stock.move.line", lot_name=line["lot_name"]
                ).get_lines()
                for used_line in used:
                    if used_line["lot_id"] and used_line["lot_id"] not in seen:
                        seen.add(used_line["lot_id"])
                        queue.append(used_line["lot_id"])
    return seen, pickings


def report_upstream(env, lot):
    """stock.traceability.report of ``lot`` with every unfoldable line unfolded."""
    report = env["stock.traceability.report"]
    lines = report.with_context(active_id=lot.id, model="stock.lot").get_lines()
    todo, count, lots = list(lines), 0, set()
    while todo:
        line = todo.pop()
        count += 1
        lots.add(line["lot_id"])
        if line["unfoldable"]:
            todo.extend(
                report.get_lines(
                    line["id"],
                    model_id=line["model_id"],
                    model_name=line["model"],
                    level=line["level"] + 30,
                )
            )
    return lots, count


def pick_lots(env):
    cr = env.cr
    # typical raw lot: median number of orders using it
    cr.execute(
        """SELECT ml.lot_id FROM stock_move_line ml JOIN stock_lot lot ON lot.id = ml.lot_id
            WHERE lot.name LIKE 'RAW-%%' AND ml.move_id IN (
                  SELECT id FROM stock_move WHERE raw_material_production_id IS NOT NULL)
            GROUP BY ml.lot_id ORDER BY count(*), ml.lot_id"""
    )
    raw = [row[0] for row in cr.fetchall()]
    # the busiest lot of each hub product: salt (generate.py's "Bench Hub 000", the widest
    # hub) and water ("Bench Hub 001", the nearest to the issue's ~40,000-lot hub)
    cr.execute(
        """SELECT DISTINCT ON (tmpl.name->>'en_US') ml.lot_id
             FROM stock_move_line ml
             JOIN stock_lot lot ON lot.id = ml.lot_id
             JOIN product_product product ON product.id = lot.product_id
             JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
            WHERE lot.name LIKE 'HUB-%%'
              AND tmpl.name->>'en_US' IN ('Bench Hub 000', 'Bench Hub 001')
            GROUP BY tmpl.name->>'en_US', ml.lot_id
            ORDER BY tmpl.name->>'en_US', count(*) DESC"""
    )
    hub, hub_2 = [row[0] for row in cr.fetchall()]
    cr.execute(
        """SELECT id FROM stock_lot WHERE name LIKE 'FIN-%%' ORDER BY id
            LIMIT 1 OFFSET (SELECT count(*) / 2 FROM stock_lot WHERE name LIKE 'FIN-%%')"""
    )
    finished = cr.fetchone()[0]
    lots = env["stock.lot"]
    return (
        lots.browse(raw[len(raw) // 2]),
        lots.browse(hub),
        lots.browse(hub_2),
        lots.browse(finished),
    )


def fmt(seconds):
    if seconds is None:
        return "   > cap"
    return f"{seconds * 1000:8.1f} ms" if seconds < 10 else f"{seconds:8.1f} s "


def ratio(theirs, ours):
    if theirs is None:
        return "   n/a (over cap)"
    return f"{theirs / ours:10.1f}x"


def theirs_cell(measure, ours):
    """``theirs (ratio)``; the ratio is against ours timed alongside theirs (see
    timed_theirs) when it was, else against ``ours``."""
    if measure == "-":
        return "-"
    theirs, _result, ours_alongside = measure if measure is not None else (None, None, None)
    return f"{fmt(theirs).strip()} ({ratio(theirs, ours_alongside or ours).strip()})"


def comparable_summary(summary):
    """The summary with its lists sorted and quantities rounded (sums in another order)."""

    def rows(dicts):
        return sorted(
            tuple(sorted((k, round(v, 6) if isinstance(v, float) else v) for k, v in d.items()))
            for d in dicts
        )

    return dict(
        summary,
        customers=[dict(c, quantities=rows(c["quantities"])) for c in summary["customers"]],
        on_hand=rows(summary["on_hand"]),
        shipments=rows(summary["shipments"]),
    )


def measure_summary(env, label, lot, args, failures):
    """The summary in SQL, against the row-level answer of the same parts rolled up in Python
    (what a caller had to do before it); the two answers must be equal."""
    genealogy = env["stock.lot.genealogy"]

    def row_level():
        impact = lot._get_downstream_impact(["lots", "deliveries", "on_hand", "shipments"])
        return genealogy._roll_up_downstream_impact(impact)

    t_rows, rolled_up = timed(row_level, args.repeat, env=env)
    t_summary, summary = timed(lot._get_downstream_summary, args.repeat, env=env)
    if comparable_summary(summary) != comparable_summary(rolled_up):
        failures.append(f"{label}: summary differs from the row-level answer rolled up")
    print(
        f"  summary in SQL                 {fmt(t_summary)}  (row-level answer rolled up: "
        f"{fmt(t_rows).strip()}; {summary['lot_count']} lots, {summary['delivery_count']} "
        f"deliveries, {len(summary['customers'])} customers)"
    )
    return (f"summary, {label} lot", t_summary, t_rows)


def measure_downstream(env, label, lot, args, failures):
    t_ours, (lots, deliveries, on_hand) = timed(lambda: ours_recall(lot), args.repeat, env=env)
    t_sep, _r = timed(lambda: ours_recall_separately(lot), args.repeat, env=env)
    t_lots, _r = timed(lot._get_downstream_lots, args.repeat, env=env)
    t_customers, _r = timed(
        lambda: lot._get_downstream_impact(["lots", "customers", "on_hand"]), args.repeat, env=env
    )
    ours_pickings = {d["picking_id"] for d in deliveries if d["quantity"] > 0}
    t_it = t_rec = t_rep = "-"  # not measured
    it_result = rec_result = rep_result = None
    if not args.ours_only:

        def ours():
            return ours_recall(lot)

        if "iterative" in args.odoo:
            t_it = timed_theirs(lot._find_delivery_ids_by_lot_iterative, args, env, ours)
            it_result = t_it[1]
        if "recursive" in args.odoo:
            t_rec = timed_theirs(lot._find_delivery_ids_by_lot, args, env, ours)
            rec_result = t_rec[1]
        if "report" in args.odoo:
            t_rep = timed_theirs(lambda: report_downstream(env, lot), args, env, ours)
            rep_result = t_rep[1]
    for name, result in (("iterative", it_result), ("recursive", rec_result)):
        if result is not None and set(result[lot.id]) != ours_pickings:
            failures.append(f"{label}: {name} delivery set differs")
    if rep_result is not None and rep_result[0] != set(lots.ids):
        failures.append(f"{label}: report lots differ")
    customers = len({d["commercial_partner_id"] for d in deliveries})
    print(
        f"\n{label} lot {lot.name}: {len(lots) - 1} downstream lots, "
        f"{len(deliveries)} delivery lines ({len(ours_pickings)} pickings, "
        f"{customers} customers), {len(on_hand)} on-hand rows"
    )
    t_rows, _r = timed(lambda: rows_alone(env, len(deliveries), len(on_hand)), args.repeat)
    print(f"  ours, downstream lots only     {fmt(t_lots)}")
    print(f"  ours, one walk per part        {fmt(t_sep)}")
    print(f"  ours, customers rolled up      {fmt(t_customers)}  (lots + customers + on-hand)")
    print(f"  rows of this size alone        {fmt(t_rows)}  (no table read, see rows_alone)")
    summaries.append(measure_summary(env, label, lot, args, failures))
    return (f"downstream recall, {label} lot", t_ours, t_rec, t_it, t_rep)


def measure_upstream(env, lot, args):
    t_up, links = timed(lambda: lot._get_genealogy_links("upstream"), args.repeat, env=env)
    t_up_lots, _r = timed(lot._get_upstream_lots, args.repeat, env=env)
    t_rep_up = rep_up = None
    if not args.ours_only:
        t_rep_up = timed_theirs(
            lambda: report_upstream(env, lot),
            args,
            env,
            lambda: lot._get_genealogy_links("upstream"),
        )
        rep_up = t_rep_up[1]
    upstream_lots = len({link["lot_id"] for link in links}) - 1
    print(
        f"\nfinished lot {lot.name}: {upstream_lots} upstream lots, {len(links)} links; "
        f"report lines unfolded: {rep_up and rep_up[1]}"
    )
    print(f"  ours, upstream lots only       {fmt(t_up_lots)}")
    return ("upstream genealogy, finished lot", t_up, "-", "-", t_rep_up)


summaries = []


def print_table(table):
    print("\n| measure | ours | Odoo recursive | Odoo iterative | Odoo report (expanded) |")
    print("|---|---|---|---|---|")
    for name, ours, *theirs_list in table:
        cells = [fmt(ours).strip()] + [theirs_cell(theirs, ours) for theirs in theirs_list]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        "\nratios: theirs / ours timed in turn with theirs, in the same minutes (medians; see "
        "timed_theirs); ours in its column: its own runs before"
    )
    print("\n| measure | summary in SQL | row-level answer rolled up |")
    print("|---|---|---|")
    for name, t_summary, t_rows in summaries:
        print(f"| {name} | {fmt(t_summary).strip()} | {fmt(t_rows).strip()} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds per Odoo measurement")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ours-only", action="store_true", help="skip Odoo's measurements")
    parser.add_argument(
        "--odoo",
        default="recursive,iterative,report",
        help="Odoo's measurements to run (comma-separated among recursive, iterative, report)",
    )
    args = parser.parse_args()
    args.odoo = set(args.odoo.split(","))
    odoo.tools.config.parse_config(
        ["--addons-path", args.addons_path, "-d", args.database, "--log-level", "warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        # a real user (access rights and record rules applied), not the superuser
        admin = api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin")
        env = api.Environment(cr, admin.id, {})
        cr.execute("SELECT count(*) FROM stock_move_line")
        line_count = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM stock_lot")
        lot_count = cr.fetchone()[0]
        typical, hub, hub_2, finished = pick_lots(env)
        print(f"database {args.database}: {line_count} move lines, {lot_count} lots")
        failures = []
        table = [
            measure_downstream(env, "typical", typical.with_env(env), args, failures),
            measure_downstream(env, "salt hub", hub.with_env(env), args, failures),
            measure_downstream(env, "water hub", hub_2.with_env(env), args, failures),
            measure_upstream(env, finished.with_env(env), args),
        ]
        print_table(table)
        if failures:
            raise SystemExit("MISMATCH: " + "; ".join(failures))
        print("\ndelivery sets identical (ours vs Odoo's lookups that finished within the cap)")
        cr.rollback()


if __name__ == "__main__":
    main()
