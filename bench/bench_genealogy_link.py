# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: what keeping the genealogy link table exact under concurrency costs.

A relation row's trigger writes the row's two lines (``stock_lot_genealogy_link_claim``, an
UPDATE that changes nothing) before it writes the link, so that a concurrent change of those
lines waits for it (see ``stock.lot.genealogy.link``). This times, on the same generated
lines, with the claim and without it (the function replaced by a no-op: the triggers as they
were before), each variant from the same starting point (a savepoint rolled back between):

* relation rows inserted in one statement (a big merge or a flush) and one per statement;
* lot changes of linked done lines, in one statement and one per statement (no claim: the
  UPDATE of a line is the write that the claim makes the relation insert conflict with);
* the daily verification (``_cron_verify``) over the whole table.

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \\
        bench/bench_genealogy_link.py -d DB [--rows 10000] [--repeat 3]

The generated lines are committed (a scratch database is best) and deleted at the end.

Measured (2 shared cores, demo database, 10,000 rows, best of 3; claim / no claim):

* 10,000 relation rows in one statement: lines of earlier transactions 0.50 / 0.25 s; lines
  this transaction wrote (a manufacturing order's, the claim skips them) 0.25 s;
* 1,000 relation rows one per statement: 0.33 / 0.15 s (0.33 / 0.15 ms each); lines of this
  transaction 0.27 s;
* lot changes of linked lines: unchanged (0.57 / 0.32 s for 10,000 in one statement, noise;
  0.87 / 0.86 s for 1,000 one each): the claim is not on that path;
* the daily verification of a 10,000-row table: 22 ms.
"""

import statistics
import time

from _odoo_env import odoo_env, parse_args

NO_CLAIM = """
    CREATE OR REPLACE FUNCTION stock_lot_genealogy_link_claim(line_ids integer[])
    RETURNS void LANGUAGE sql AS $$ SELECT NULL::void $$
"""


def generate_lines(cr, rows):
    """``rows`` done component lines and as many done finished lines, copies of a done line
    with a lot; return (inputs, outputs)."""
    cr.execute("SELECT id FROM stock_move_line WHERE state = 'done' AND lot_id IS NOT NULL LIMIT 1")
    [(model_line,)] = cr.fetchall()
    cr.execute(
        """
        INSERT INTO stock_move_line (company_id, product_id, product_uom_id, lot_id, location_id,
                                     location_dest_id, state, date, quantity)
        SELECT company_id, product_id, product_uom_id, lot_id, location_id, location_dest_id,
               'done', date, 1
          FROM stock_move_line, generate_series(1, %s)
         WHERE id = %s
        RETURNING id
        """,
        (2 * rows, model_line),
    )
    ids = [id_ for (id_,) in cr.fetchall()]
    return ids[:rows], ids[rows:]


def series(lines, other_lot, rows, singles):
    """The measured series: [(label, [(query, params)])], run in turn in one transaction."""
    inputs, outputs = lines
    insert_one = "INSERT INTO stock_move_line_consume_rel VALUES (%s, %s)"
    update_one = "UPDATE stock_move_line SET lot_id = %s WHERE id = %s"
    pairs = list(zip(outputs[:singles], inputs[:singles], strict=True))
    return [
        [
            (
                f"insert {rows} relation rows, one statement",
                [
                    (
                        "INSERT INTO stock_move_line_consume_rel "
                        "SELECT * FROM UNNEST(%s::int[], %s::int[])",
                        (outputs, inputs),
                    )
                ],
            ),
            (
                f"then change the lot of their {rows} input lines, one statement",
                [
                    (
                        "UPDATE stock_move_line SET lot_id = %s"
                        " FROM UNNEST(%s::int[]) AS line (id) WHERE stock_move_line.id = line.id",
                        (other_lot, inputs),
                    )
                ],
            ),
        ],
        [
            (
                f"insert {singles} relation rows, one per statement",
                [(insert_one, pair) for pair in pairs],
            ),
            (
                f"then change the lot of their {singles} input lines, one each",
                [(update_one, (other_lot, id_)) for id_ in inputs[:singles]],
            ),
        ],
    ]


def vacuum(cr):
    """VACUUM ANALYZE the tables a series writes: the row versions a rolled back series
    leaves are dead, and nothing removes them where autovacuum is off; each series would read
    (and index) more of them than the one before."""
    cr.commit()
    cr._cnx.autocommit = True
    try:
        for table in ("stock_move_line", "stock_move_line_consume_rel", "stock_lot_genealogy_link"):
            cr.execute(f"VACUUM ANALYZE {table}")
    finally:
        cr._cnx.autocommit = False


def run(cr, variant, steps, figures, generate=None):
    """Run ``steps`` in a transaction (after generating its own lines if ``generate``), time
    each, roll back."""
    vacuum(cr)
    if generate:
        steps = generate()
    if variant == "no claim (before)":
        cr.execute(NO_CLAIM)
    for label, statements in steps:
        start = time.perf_counter()
        for query, params in statements:
            cr.execute(query, params)
        figures.setdefault((label, variant), []).append(time.perf_counter() - start)
    cr.rollback()


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        rows={"type": int, "default": 10_000, "help": "relation rows / lines (10,000)"},
        repeat={"type": int, "default": 3, "help": "runs of each measure (3)"},
    )
    rows, singles = args.rows, min(args.rows, 1_000)
    with odoo_env(args.database) as env:
        cr = env.cr
        env.flush_all()
        earlier = generate_lines(cr, rows)
        cr.execute(
            "SELECT id FROM stock_lot"
            " WHERE id != (SELECT lot_id FROM stock_move_line WHERE id = %s) LIMIT 1",
            (earlier[0][0],),
        )
        [(other_lot,)] = cr.fetchall()
        cr.commit()  # the lines of earlier transactions
        try:
            figures = {}
            for __ in range(args.repeat):
                for index in range(2):
                    for variant in ("claim, lines of earlier transactions", "no claim (before)"):
                        steps = series(earlier, other_lot, rows, singles)[index]
                        run(cr, variant, steps, figures)
                    run(
                        cr,
                        "claim, lines of this transaction",
                        None,
                        figures,
                        generate=lambda index=index: series(
                            generate_lines(cr, rows), other_lot, rows, singles
                        )[index],
                    )
            vacuum(cr)
            cr.execute(
                "INSERT INTO stock_move_line_consume_rel "
                "SELECT * FROM UNNEST(%s::int[], %s::int[])",
                (earlier[1], earlier[0]),
            )
            cr.execute("SELECT COUNT(*) FROM stock_lot_genealogy_link")
            links = cr.fetchone()[0]
            for __ in range(args.repeat):
                start = time.perf_counter()
                env["stock.lot.genealogy.link"]._cron_verify()
                figures.setdefault(
                    (f"verify the table ({links} rows, _cron_verify)", ""), []
                ).append(time.perf_counter() - start)
            cr.rollback()
        finally:
            cr.rollback()
            cr.execute("DELETE FROM stock_move_line WHERE id = ANY(%s)", (earlier[0] + earlier[1],))
            cr.commit()
        print(f"best and median of {args.repeat} runs")
        for (label, variant), values in figures.items():
            print(
                f"{label:<58} {variant:<38} {min(values) * 1000:9.1f} ms"
                f" {statistics.median(values) * 1000:9.1f} ms",
                flush=True,
            )


if __name__ == "__main__":
    main()
