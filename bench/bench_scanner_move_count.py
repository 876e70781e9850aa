# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Server time per scan of the Traceability Scanner's Move and Count (target: < 100 ms).

Two places:

* ``demo``: the demo database's WH/Stock (about 30 lots), its largest lot-tracked quant;
* ``shelf``: a new shelf under WH/Stock holding ``--lots`` lots (500) of one product, created
  in the run's transaction (quants through ``_update_available_quantity``, tables ANALYZEd).

Each RPC a scan makes is timed as the server runs it: the ORM caches emptied first (a request
starts with none), the call, then ``flush_all`` (what the request's commit would write). Calls
that write (``action_move``, ``action_apply``) run in a savepoint rolled back after the
measure. The median of ``--repeat`` calls (15) is printed, with the slowest. As the admin user
(a Traceability manager; not the superuser: access rules apply).

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \\
        bench/bench_scanner_move_count.py -d DB [--lots 500] [--repeat 15]

DB: a database with lot_traceability and its demo data, e.g. ``createdb -T lt_deps_<key> DB``
then ``tools/dev.sh odoo -d DB -i lot_traceability --stop-after-init``. Everything is rolled
back at the end.
"""

import statistics
import time

from _odoo_env import odoo_env, parse_args

from odoo.tools import SQL

ANALYZED = ("stock_lot", "stock_quant", "stock_location")


def measure(env, label, call, repeat, write=False):
    figures = []
    for _index in range(repeat):
        env.invalidate_all()
        savepoint = env.cr.savepoint() if write else None
        start = time.perf_counter()
        answer = call()
        env.flush_all()
        figures.append(time.perf_counter() - start)
        if savepoint:
            savepoint.close(rollback=True)
            env.invalidate_all()
        if isinstance(answer, dict) and answer.get("error"):
            raise SystemExit(f"{label}: refused: {answer['error']}")
    median = statistics.median(figures) * 1000
    print(f"{label:<58} {median:8.1f} ms  (max {max(figures) * 1000:7.1f} ms)", flush=True)
    return median


def bench_place(env, name, location, lot, destination, repeat):
    Move = env["stock.lot.scanner.move"]
    Count = env["stock.lot.scanner.count"]
    code = location.barcode or location.complete_name
    quantity = Move.scan_source(lot.name, location_id=location.id)["quantity"]
    expected = Count.scan_location(location_id=location.id)["expected"]
    counts = [{"lot_id": row["id"], "quantity": row["quantity"]} for row in expected]
    counts[0]["quantity"] = max(counts[0]["quantity"] - 1, 0)
    print(f"--- {name}: {location.complete_name}, {len(expected)} lots; lot {lot.name}")
    results = {
        "move: scan the location (its lots listed)": measure(
            env,
            "move: scan the location (its lots listed)",
            lambda: Move.scan_source(code),
            repeat,
        ),
        "move: scan the lot at the location": measure(
            env,
            "move: scan the lot at the location",
            lambda: Move.scan_source(lot.name, location_id=location.id),
            repeat,
        ),
        "move: scan the lot alone": measure(
            env, "move: scan the lot alone", lambda: Move.scan_source(lot.name), repeat
        ),
        "move: scan the destination": measure(
            env,
            "move: scan the destination",
            lambda: Move.scan_destination(
                lot.id, location.id, code=destination.barcode or destination.complete_name
            ),
            repeat,
        ),
        "move: To quarantine": measure(
            env,
            "move: To quarantine",
            lambda: Move.scan_destination(lot.id, location.id, quarantine=True),
            repeat,
        ),
        "move: Move (validated internal transfer)": measure(
            env,
            "move: Move (validated internal transfer)",
            lambda: Move.action_move(lot.id, location.id, destination.id, quantity),
            repeat,
            write=True,
        ),
        "count: scan the location (expected lots)": measure(
            env,
            "count: scan the location (expected lots)",
            lambda: Count.scan_location(code),
            repeat,
        ),
        "count: scan a lot": measure(
            env, "count: scan a lot", lambda: Count.scan_lot(location.id, lot.name), repeat
        ),
        f"count: Finish (review of {len(counts)} counts)": measure(
            env,
            f"count: Finish (review of {len(counts)} counts)",
            lambda: Count.get_review(location.id, counts),
            repeat,
        ),
        "count: Apply (one lot, one difference)": measure(
            env,
            "count: Apply (one lot, one difference)",
            lambda: Count.action_apply(location.id, counts[:1]),
            repeat,
            write=True,
        ),
        f"count: Apply (whole location, {len(counts)} lots)": measure(
            env,
            f"count: Apply (whole location, {len(counts)} lots)",
            lambda: Count.action_apply(location.id, counts),
            max(3, repeat // 5),
            write=True,
        ),
    }
    return results


def build_shelf(env, lots):
    stock = env.ref("stock.warehouse0").lot_stock_id
    shelf = env["stock.location"].create(
        {"name": "Bench Shelf", "barcode": "BENCH-SHELF", "location_id": stock.id}
    )
    product = env["product.product"].create(
        {"name": "Bench Flour", "is_storable": True, "tracking": "lot"}
    )
    records = env["stock.lot"].create(
        [{"name": f"BENCH-{index:05d}", "product_id": product.id} for index in range(lots)]
    )
    Quant = env["stock.quant"].sudo()
    for index, lot in enumerate(records):
        Quant._update_available_quantity(product, shelf, 10 + index % 7, lot_id=lot)
    env.flush_all()
    for table in ANALYZED:
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return shelf, records[lots // 2]


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        lots={"type": int, "default": 500, "help": "lots on the bench shelf"},
        repeat={"type": int, "default": 15, "help": "calls timed per step"},
    )
    with odoo_env(args.database) as env:
        warehouse = env.ref("stock.warehouse0")
        stock = warehouse.lot_stock_id
        destination = env["stock.location"].create(
            {"name": "Bench Destination", "barcode": "BENCH-DEST", "location_id": stock.id}
        )
        demo_quant = env["stock.quant"].search(
            [
                ("location_id", "=", stock.id),
                ("lot_id", "!=", False),
                ("package_id", "=", False),
                ("product_id.tracking", "=", "lot"),
                ("quantity", ">", 0),
            ],
            order="quantity desc",
            limit=1,
        )
        bench_place(env, "demo", stock, demo_quant.lot_id, destination, args.repeat)
        shelf, lot = build_shelf(env, args.lots)
        bench_place(env, f"{args.lots} lots", shelf, lot, destination, args.repeat)


if __name__ == "__main__":
    main()
