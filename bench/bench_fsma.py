# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""FSMA 204 spreadsheet at scale: N event rows exported (XLSX and CSV), time and memory.

Builds, inside a transaction rolled back at the end (unless ``--commit``), a flour product
with a GTIN, ``rows / 10`` lots and ``rows`` done move lines: half receipts from a mill, half
deliveries to a customer (two real pickings done through the ORM, their lines copied by one
``INSERT ... SELECT`` with a lot each), ANALYZEd. Then exports the events of the product over
the date range (the products + dates wizard's condition) for each size of ``--sizes``:

- time of the XLSX (xlsxwriter constant-memory mode) and of the CSV;
- peak Python memory (tracemalloc) of the XLSX export, which must not grow with the rows
  (the finished file, held as bytes for the attachment, is reported apart).

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \\
        bench/bench_fsma.py -d DB [--sizes 20000,100000] [--budget 30]

On the shared 1M-move-line database (read-only), add ``--existing`` to export its own
events instead (no rows are created): ``--sizes`` then limits nothing, the product scope is
every product with lots.
"""

import sys
import time
import tracemalloc
from datetime import datetime, timedelta

from _odoo_env import odoo_env, parse_args


def build(env, rows):
    """The product, lots and ``rows`` done lines (see the module docstring)."""
    from odoo.tools import SQL

    product = env["product.product"].create(
        {
            "name": "Bench Flour",
            "is_storable": True,
            "tracking": "lot",
            "barcode": "09521234543213",
            "uom_id": env.ref("uom.product_uom_kgm").id,
            "uom_po_id": env.ref("uom.product_uom_kgm").id,
        }
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    mill = env["res.partner"].create({"name": "Bench Mill", "phone": "+1 555 0100"})
    shop = env["res.partner"].create({"name": "Bench Shop", "city": "Austin"})
    lot_count = max(rows // 10, 1)
    env.cr.execute(
        SQL(
            """INSERT INTO stock_lot (name, product_id, company_id, trace_status, create_date,
                                      write_date, create_uid, write_uid)
               SELECT 'BENCH-' || n, %(product)s, %(company)s, 'available', now(), now(), 1, 1
                 FROM generate_series(1, %(count)s) n""",
            product=product.id,
            company=env.company.id,
            count=lot_count,
        )
    )
    first_lot = env["stock.lot"].search([("name", "=", "BENCH-1")]).id
    suppliers = env.ref("stock.stock_location_suppliers")
    customers = env.ref("stock.stock_location_customers")
    templates = []
    for partner, source, dest, picking_type in (
        (mill, suppliers, warehouse.lot_stock_id, warehouse.in_type_id),
        (shop, warehouse.lot_stock_id, customers, warehouse.out_type_id),
    ):
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Bench",
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": 1,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        },
                    )  # fmt: skip
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        line = env["stock.move.line"].create(
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "lot_id": first_lot,
                "quantity": 1,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        picking.move_ids.picked = True
        picking._action_done()
        templates.append(line.id)
    env.flush_all()
    start = datetime(2026, 1, 1)
    for template in templates:
        env.cr.execute(
            SQL(
                """INSERT INTO stock_move_line (move_id, picking_id, company_id, product_id,
                        product_uom_id, lot_id, quantity, quantity_product_uom, location_id,
                        location_dest_id, state, date, reference, picked, create_date,
                        write_date, create_uid, write_uid)
                   SELECT move_id, picking_id, company_id, product_id, product_uom_id,
                          %(first_lot)s + MOD(n, %(lots)s), 1 + MOD(n, 7), 1 + MOD(n, 7),
                          location_id,
                          location_dest_id, state, %(start)s + n * interval '1 minute',
                          reference, picked, now(), now(), 1, 1
                     FROM stock_move_line, generate_series(1, %(count)s - 1) n
                    WHERE id = %(template)s""",
                first_lot=first_lot,
                lots=lot_count,
                start=start,
                count=rows // 2,
                template=template,
            )
        )
    for table in ("stock_lot", "stock_move_line"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return product, start


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        sizes={"default": "20000,100000", "help": "comma-separated row counts"},
        budget={"type": float, "default": 30.0, "help": "seconds allowed for 100,000 rows"},
        existing={"action": "store_true", "help": "export the database's own events"},
    )
    failed = False
    with odoo_env(args.database, commit=args.commit) as env:
        Fsma = env["stock.lot.fsma.export"]
        Event = env["stock.lot.event"]
        sizes = [int(size) for size in args.sizes.split(",")]
        for size in sizes if not args.existing else [None]:
            env.cr.execute("SAVEPOINT bench_fsma")
            if args.existing:
                products = env["product.product"].search([("tracking", "!=", "none")])
                condition = Event._get_scope_condition(products=products)
            else:
                product, start = build(env, size)
                condition = Event._get_scope_condition(
                    products=product, date_from=start, date_to=start + timedelta(days=365)
                )
            begin = time.perf_counter()
            content, missing = Fsma._export_xlsx(condition)
            xlsx_seconds = time.perf_counter() - begin
            begin = time.perf_counter()
            csv_content, __ = Fsma._export_csv(condition)
            csv_seconds = time.perf_counter() - begin
            row_count = csv_content.count(b"\n") - 1
            tracemalloc.start()
            content, missing = Fsma._export_xlsx(condition)
            __, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"rows {row_count:>7}: xlsx {xlsx_seconds:6.1f} s ({len(content) / 1e6:.1f} MB "
                f"file), csv {csv_seconds:6.1f} s, xlsx peak Python memory "
                f"{peak / 1e6:.1f} MB of which the file {len(content) / 1e6:.1f} MB; "
                f"missing-KDE entries {len(missing)}"
            )
            if row_count >= 100000 and xlsx_seconds > args.budget:
                print(f"  OVER BUDGET: {xlsx_seconds:.1f} s > {args.budget:.0f} s")
                failed = True
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_fsma")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
