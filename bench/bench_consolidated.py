# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: open and group Consolidated Lots / Serials with N lots in stock (default
100,000). Goal: under 1 second.

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_consolidated.py -d lt_bench [--lots 100000] [--products 500]

The lots and their quants are inserted by SQL (to set the stage quickly), in 4 internal
locations, 80 % of them for lot-tracked products and 20 % serials; everything is rolled back at
the end (unless --commit). What is timed goes through the ORM like the web client does.
"""

from _odoo_env import Timer, odoo_env, parse_args

from odoo.tools import SQL


def populate(env, lots, products):
    category = env["product.category"].create({"name": "Bench consolidated"})
    tracked = env["product.product"].create(
        [
            {
                "name": f"Bench consolidated {i}",
                "is_storable": True,
                "tracking": "serial" if i % 5 == 0 else "lot",
                "categ_id": category.id,
                "standard_price": 1.5,
            }
            for i in range(products)
        ]
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    locations = env["stock.location"].create(
        [
            {"name": f"Bench {i}", "location_id": warehouse.lot_stock_id.id, "usage": "internal"}
            for i in range(4)
        ]
    )
    env.flush_all()
    product_ids = tracked.ids
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_lot (name, product_id, company_id, trace_status, expiration_date,
                                   create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-' || n, (%(products)s)[1 + mod(n, %(count)s)], %(company)s, 'available',
                   now() + mod(n, 700) * interval '1 day', 1, 1, now(), now()
              FROM generate_series(1, %(lots)s) n
            RETURNING id
            """,
            products=product_ids,
            count=len(product_ids),
            company=env.company.id,
            lots=lots,
        )
    )
    lot_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_quant (product_id, location_id, lot_id, company_id, quantity,
                                     reserved_quantity, in_date, create_uid, write_uid,
                                     create_date, write_date)
            SELECT lot.product_id, (%(locations)s)[1 + mod(lot.id, 4)], lot.id, %(company)s,
                   CASE WHEN template.tracking = 'serial' THEN 1 ELSE 1 + mod(lot.id, 50) END, 0,
                   now(), 1, 1, now(), now()
              FROM stock_lot lot
              JOIN product_product product ON product.id = lot.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE lot.id = ANY(%(lot_ids)s)
            """,
            locations=locations.ids,
            company=env.company.id,
            lot_ids=lot_ids,
        )
    )
    env.cr.execute("ANALYZE stock_quant; ANALYZE stock_lot")
    env.invalidate_all()
    return tracked


def main():
    args = parse_args(
        __doc__,
        lots={"type": int, "default": 100000, "help": "lots in stock"},
        products={"type": int, "default": 500, "help": "tracked products"},
    )
    timer = Timer()
    with odoo_env(args.database, commit=args.commit) as env:
        with timer(f"set the stage: {args.lots} lots of {args.products} products (SQL)"):
            populate(env, args.lots, args.products)
        Consolidated = env["stock.lot.consolidated"]
        specification = {
            name: {}
            for name in (
                "product_id",
                "quantity",
                "uom_id",
                "lot_count",
                "location_count",
                "expiration_date",
                "value",
                "currency_id",
                "company_id",
            )
        }
        for label, domain in (
            ("Lots", [("tracking", "=", "lot")]),
            ("Serials", [("tracking", "=", "serial")]),
        ):
            env.invalidate_all()
            with timer(f"open Consolidated {label} (web_search_read, 80 rows)"):
                result = Consolidated.web_search_read(domain, specification, limit=80)
            print(f"    {result['length']} products")
            env.invalidate_all()
            with timer(f"group Consolidated {label} by category (web_read_group)"):
                Consolidated.web_read_group(
                    domain,
                    ["quantity:sum", "lot_count:sum", "value:sum"],
                    ["categ_id"],
                )
        env.invalidate_all()
        line = Consolidated.search([("tracking", "=", "lot")], limit=1)
        with timer("drill down: the product's lots in stock (search + read 80)"):
            action = line.action_open_lots()
            env["stock.lot"].web_search_read(
                action["domain"],
                {"name": {}, "product_qty": {}, "location_id": {}, "expiration_date": {}},
                limit=80,
            )


if __name__ == "__main__":
    main()
