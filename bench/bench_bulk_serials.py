# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: paste N serial numbers (default 10,000) into the bulk wizard and receive them
into WH/Stock in one done receipt. Goal: under 10 seconds for 10,000.

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_bulk_serials.py -d lt_bench [--count 10000]

The data is rolled back at the end (unless --commit). Rolled back rows stay in the tables as
dead tuples until a vacuum: where autovacuum is off, vacuum the tables written between runs
(``VACUUM FULL ANALYZE stock_lot, stock_quant, stock_move_line, stock_move, stock_picking``),
or each run is slower than the one before.

What the confirm does (see ``stock.lot.bulk.add.action_confirm``): one ORM create of the lots,
one INSERT of the move lines and one of the quants (``orm_bypass/sql_create.py``, storing what the
ORM create stores), Odoo's ``_action_done`` of the receipt with the quants of the new lots
collected in a buffer (``orm_bypass/new_quant_buffer.py``), then the flush (recomputation of the
lots' and lines' stored fields).
"""

import uuid

from _odoo_env import Timer, odoo_env, parse_args


def main():
    args = parse_args(__doc__, count={"type": int, "default": 10000, "help": "serials to paste"})
    timer = Timer()
    with odoo_env(args.database, commit=args.commit) as env:
        product = env["product.product"].create(
            {
                "name": f"Bench Compressor {uuid.uuid4().hex[:6]}",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        # Serial numbers from a spreadsheet: name <tab> quantity <tab> expiration date.
        text = "\n".join(f"BENCH-SN-{i:06d}\t1\t2030-12-31" for i in range(args.count))
        env.flush_all()
        with timer(f"paste {args.count} serials + preview (validation)"):
            wizard = env["stock.lot.bulk.add"].create(
                {"product_id": product.id, "input_text": text, "receive": True}
            )
            assert wizard.error_count == 0, wizard.error_count
            wizard.preview_html  # noqa: B018
        with timer("confirm: create lots + one done receipt"):
            wizard.action_confirm()
            env.flush_all()
        total = sum(elapsed for __, elapsed in timer.figures)
        quants = env["stock.quant"].search_count(
            [("product_id", "=", product.id), ("location_id.usage", "=", "internal")]
        )
        print(f"{'TOTAL':<55} {total:8.3f} s   ({quants} serials on hand)")
        assert quants == args.count


if __name__ == "__main__":
    main()
