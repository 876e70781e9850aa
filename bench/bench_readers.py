# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: the readers of the genealogy — Item Details of 50 lots at once, and the affected
set of a recall of a typical lot (what opening the recall computes) — on the genealogy
benchmark's database (bench/genealogy/run.sh 1 builds one; KEEP_DB=1 reuses it).

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_readers.py -d lt_bench_genealogy_1 [--repeat 5]

As the admin user, cold ORM cache at each run, median of ``--repeat`` runs. The 50 lots: raw
lots of the generated history that were consumed (the first 50 by name); the typical lot: the
raw lot RAW-0000277 (the genealogy bench's typical lot at scale 1). Everything written (the
recall) is rolled back.
"""

import statistics
import time

from _odoo_env import odoo_env, parse_args


def timed(env, function, repeat):
    figures = []
    for _run in range(repeat):
        env.invalidate_all()
        env.registry.clear_cache()
        start = time.perf_counter()
        function()
        figures.append(time.perf_counter() - start)
    return statistics.median(figures), figures


def main():
    args = parse_args(
        "Item Details of 50 lots and a recall's affected set",
        repeat={"type": int, "default": 5, "help": "runs of each measure (median)"},
    )
    with odoo_env(args.database) as env:
        lots = env["stock.lot"].search([("name", "=like", "RAW-%")], order="name", limit=50)
        typical = env["stock.lot"].search([("name", "=", "RAW-0000277")], limit=1)
        report = env["report.lot_traceability.report_lot_item_details"]
        median, figures = timed(env, lambda: report._get_lots_details(lots), args.repeat)
        print(
            f"Item Details, {len(lots)} lots at once          {median * 1000:8.1f} ms"
            f"  (runs: {', '.join(f'{f * 1000:.0f}' for f in figures)})"
        )
        recall = env["stock.lot.recall"].create(
            {
                "reason": "Bench",
                "classification": "class_1",
                "suspect_lot_ids": [(6, 0, typical.ids)],
                "responsible_id": env.user.id,
            }
        )
        env.flush_all()
        median, figures = timed(env, lambda: recall._get_affected_set(), args.repeat)
        print(
            f"Recall affected set, typical lot {typical.name}  {median * 1000:8.1f} ms"
            f"  (runs: {', '.join(f'{f * 1000:.0f}' for f in figures)})"
        )
        median, figures = timed(env, lambda: recall._compute_affected_set(), args.repeat)
        print(
            f"Recall open (snapshot written), typical lot      {median * 1000:8.1f} ms"
            f"  (runs: {', '.join(f'{f * 1000:.0f}' for f in figures)})"
        )


if __name__ == "__main__":
    main()
