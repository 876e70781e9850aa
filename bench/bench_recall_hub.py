# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Hub-scale recalls (issue 18, items 2-4): opening time, XLSX export, trace screen.

Measured on a generated database (``bench/genealogy/generate.py``, e.g. the 1M-line one), for a
typical raw lot and the two hub lots of ``bench/genealogy/bench.py`` (water, salt):

  open       ``stock.lot.recall.action_open`` (the snapshot written, flushed), in a savepoint
             rolled back afterwards; with ``--background``, opened as a person would: the
             request's part (it queues the computation when the set is large) and the cron
             job's part timed apart
  form       the recall form's first read as the client asks it (``web_read`` of the form's
             fields, each tab's first 40 lines) and the first page of the deliveries' list
             (``web_search_read``, 80 rows and the count): a hub's tabs above
             ``lot_traceability.recall_list_limit`` send their count, not their lines
  xlsx       ``action_export_xlsx``'s workbook (``_generate_xlsx``) of the recall just opened:
             wall time and Python memory peak (tracemalloc, which slows it: timed apart), with
             the number of delivery rows and the peak per 1,000 rows (flat: constant-memory
             mode); ``--compare`` also times the plain ORM path (``orm_only``: every delivery
             read as a record, the workbook in memory), the way it was before
  trace      the trace screen of the lot (``stock.lot.trace._action_open_trace``) and the
             first read of its form (what the client asks first): its first
             ``max_lines`` lines and the counts of the whole trace

Everything is rolled back: the database is left as it was. Run with Odoo's virtualenv::

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_recall_hub.py -d lt_hubrecall_1m [--lots typical,water,salt] \
        [--parts open,form,xlsx,trace] [--compare] [--no-tracemalloc]

``lot_traceability.orm_only`` (system parameter) set to 1 in the database runs the plain ORM
path: the script's ``--orm-only`` sets it inside the transaction.
"""

import argparse
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "genealogy"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _odoo_env import odoo_env


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lots", default="typical,water,salt")
    parser.add_argument("--parts", default="open,form,xlsx,trace")
    parser.add_argument(
        "--compare", action="store_true", help="xlsx: also the plain ORM path (before)"
    )
    parser.add_argument("--orm-only", action="store_true", help="plain ORM path (switch)")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--label", default="", help="printed with each figure")
    return parser.parse_args()


def pick(env):
    from bench import pick_lots  # bench/genealogy/bench.py

    typical, salt, water, _finished = pick_lots(env)
    return {"typical": typical, "water": water, "salt": salt}


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


# The snapshot's tables: each measure writes a hub's 250,000 rows and rolls them back
SNAPSHOT_TABLES = (
    "stock_lot_recall_delivery",
    "stock_lot_recall_lot",
    "stock_lot_recall_onhand",
    "stock_lot_recall_customer",
    "stock_lot_recall_customer_address_rel",
)


def vacuum_snapshot_tables(database):
    """VACUUM the snapshot's tables from a second connection (VACUUM cannot run inside the
    bench's transaction). Each measure's rows are rolled back, and with autovacuum off the
    dead rows stay: after twenty salt openings the deliveries' table held 673 MB of them and
    an opening took twice as long. A user's recall commits its rows instead: the tables are
    measured as a user's would be, without the bench's own leftovers. (The rows an aborted
    savepoint inserted are dead to every transaction, the bench's own included: VACUUM
    removes them while the bench's transaction is still open.)"""
    import psycopg2

    from odoo.sql_db import connection_info_for

    _name, info = connection_info_for(database)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for table in SNAPSHOT_TABLES:
                cursor.execute(f"VACUUM {table}")
    finally:
        connection.close()


def measure_lot(env, name, lot, parts, args, rows):
    cr = env.cr
    vacuum_snapshot_tables(cr.dbname)
    cr.execute("SAVEPOINT bench_recall")
    env.invalidate_all()
    recall = env["stock.lot.recall"].create(
        {"reason": f"bench {name}", "suspect_lot_ids": [(6, 0, lot.ids)]}
    )
    recall.flush_recordset()
    if parts & {"open", "form", "xlsx"}:

        def open_recall(recall=recall):
            recall.action_open()
            env.flush_all()

        seconds, _result = timed(open_recall)
        if not recall.affected_date and getattr(recall, "background_job", False):
            # opened in the background: the request queued it, the job computes it
            job_seconds, _r = timed(lambda recall=recall: recall._run_background_job())
            rows.append((name, "open (request)", seconds, ""))
            seconds += job_seconds
            rows.append((name, "open (background job)", job_seconds, ""))
        env.invalidate_all()
        info = (
            f"{recall.affected_lot_count} lots, {recall.delivery_count} deliveries, "
            f"{recall.customer_count} customers, {recall.onhand_count} on hand"
        )
        rows.append((name, "open", seconds, info))
        print(f"{args.label} {name:8} open  {seconds:8.3f} s  {info}", flush=True)
    if "form" in parts:
        measure_form(env, name, recall, args, rows)
    if "xlsx" in parts:
        measure_xlsx(env, name, recall, args, rows, "xlsx")
        if args.compare:
            cr.execute("SAVEPOINT bench_orm_only")
            env["ir.config_parameter"].sudo().set_param("lot_traceability.orm_only", "1")
            measure_xlsx(env, name, recall, args, rows, "xlsx (ORM path, before)")
            # the parameter's cached value outlives a rollback: written back first
            env["ir.config_parameter"].sudo().set_param("lot_traceability.orm_only", False)
            cr.execute("ROLLBACK TO SAVEPOINT bench_orm_only")
    cr.execute("ROLLBACK TO SAVEPOINT bench_recall")
    env.invalidate_all()
    if "trace" in parts:
        cr.execute("SAVEPOINT bench_trace")
        Trace = env["stock.lot.trace"]

        def first_screen(lot=lot, Trace=Trace):
            action = Trace._action_open_trace(lot, "downstream")
            trace = Trace.browse(action["res_id"])
            spec = {
                "display_name": {},
                "line_ids": {"fields": {"display_name": {}}, "limit": 80},
            }
            return trace.web_read(spec)

        seconds, values = timed(first_screen)
        trace = Trace.browse(values[0]["id"])
        info = (
            f"{len(values[0]['line_ids'])} lines shown; {trace.downstream_count} lots, "
            f"{trace.delivery_count} deliveries, {trace.customer_count} customers; "
            f"{trace.truncated_note or ''}"
        )
        rows.append((name, "trace first screen", seconds, info))
        print(f"{args.label} {name:8} trace {seconds:8.3f} s  {info}", flush=True)
        cr.execute("ROLLBACK TO SAVEPOINT bench_trace")
        env.invalidate_all()


def measure_form(env, name, recall, args, rows):
    """The recall form's first read (each tab: its first 40 lines, as the client asks) and
    the first page of the deliveries' list."""
    env.invalidate_all()
    line = {"fields": {"display_name": {}}, "limit": 40}
    spec = {
        "name": {},
        "state": {},
        "affected_lot_count": {},
        "customer_count": {},
        "delivery_count": {},
        "onhand_count": {},
        "customer_to_notify_count": {},
        "onhand_to_hold_count": {},
        "unaccounted_summary": {},
        "delivery_paged": {},
        **{
            field: line
            for field in ("affected_lot_ids", "delivery_ids", "onhand_ids", "shipment_ids")
        },
        # the Customers tab's columns: counted and summed per customer
        "customer_ids": {
            "fields": {
                "display_name": {},
                "delivery_count": {},
                "quantity_summary": {},
                "lot_ids": {"fields": {"display_name": {}}},
            },
            "limit": 40,
        },
    }
    seconds, values = timed(lambda: recall.web_read(spec))
    sent = sum(len(values[0][field]) for field in spec if field.endswith("_ids"))
    info = f"{sent} line ids sent; {len(str(values)) / 1e3:.0f} kB"
    rows.append((name, "form first read", seconds, info))
    print(f"{args.label} {name:8} form  {seconds:8.3f} s  {info}", flush=True)
    env.invalidate_all()
    action = recall.action_view_deliveries()
    Delivery = env[action["res_model"]]
    seconds, result = timed(
        lambda: Delivery.web_search_read(
            action["domain"], {"display_name": {}, "quantity": {}, "date": {}}, limit=80
        )
    )
    info = f"{len(result['records'])} of {result['length']} rows"
    rows.append((name, "deliveries list first page", seconds, info))
    print(f"{args.label} {name:8} list  {seconds:8.3f} s  {info}", flush=True)


def measure_xlsx(env, name, recall, args, rows, label):
    """The recall's XLSX workbook: wall time; Python peak (tracemalloc) per 1,000 delivery
    rows."""
    env.invalidate_all()
    xlsx = env["report.lot_traceability.recall_xlsx"]
    seconds, content = timed(lambda: xlsx._generate_xlsx(recall))
    info = f"{recall.delivery_count} delivery rows, {len(content) / 1e6:.1f} MB"
    if not args.no_tracemalloc:
        env.invalidate_all()
        tracemalloc.start()
        xlsx._generate_xlsx(recall)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        per_rows = peak / max(recall.delivery_count, 1) * 1000
        info += f", Python peak {peak / 1e6:.0f} MB ({per_rows / 1e3:.0f} kB per 1,000 rows)"
    rows.append((name, label, seconds, info))
    print(f"{args.label} {name:8} {label}  {seconds:8.3f} s  {info}", flush=True)


def main():
    args = parse_args()
    parts = set(args.parts.split(","))
    rows = []
    with odoo_env(args.database) as env:
        if args.orm_only:
            env["ir.config_parameter"].sudo().set_param("lot_traceability.orm_only", "1")
        lots = pick(env)
        for name in args.lots.split(","):
            measure_lot(env, name, lots[name], parts, args, rows)
    print("\n| lot | measure | seconds | detail |\n|---|---|---:|---|")
    for name, measure, seconds, info in rows:
        print(f"| {name} | {measure} | {seconds:.3f} | {info} |")


if __name__ == "__main__":
    main()
