# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: scan-to-build. Run inside an Odoo shell on a database with lot_traceability:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_build.py

Measures one scan, the live validation of a wizard, and confirming a cookie batch and a mass
build of 20 serialized assemblies (one manufacturing order each). Nothing is committed.
"""

import time

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (Odoo shell)
Product = env["product.product"]
stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
kg = env.ref("uom.product_uom_kgm")


def lot(product, name, qty):
    record = env["stock.lot"].create({"name": name, "product_id": product.id})
    env["stock.quant"]._update_available_quantity(product, stock, qty, lot_id=record)
    return record


def timed(label, func, repeat=1):
    start = time.perf_counter()
    for _i in range(repeat):
        result = func()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label}: {elapsed * 1000:.0f} ms")
    return result


# cookie batch: 3 lot components
lot_kg = {"is_storable": True, "tracking": "lot", "uom_id": kg.id, "uom_po_id": kg.id}
flour, butter, sugar, cookie = (
    Product.create(dict(lot_kg, name=name)) for name in ("BFlour", "BButter", "BSugar", "BCookie")
)
env["mrp.bom"].create(
    {
        "product_tmpl_id": cookie.product_tmpl_id.id,
        "product_qty": 30,
        "product_uom_id": kg.id,
        "bom_line_ids": [
            (0, 0, {"product_id": p.id, "product_qty": q})
            for p, q in ((flour, 20), (butter, 5), (sugar, 8))
        ],
    }
)
for product, name in ((flour, "BF-1"), (butter, "BB-1"), (sugar, "BS-1")):
    lot(product, name, 10_000)
build = env["stock.lot.build"].create({"product_id": cookie.id})
timed("scan one lot (cookie batch)", lambda: build.action_scan("BF-1"))
build.action_scan("BB-1")
build.action_scan("BS-1")
timed("live validation, 3 lines", lambda: build._get_build_issues(), repeat=10)
timed("confirm cookie batch (1 MO, 3 lots)", build.action_confirm)

# mass build: 20 engine assemblies, each 3 bolts + left and right engine serials
bolt = Product.create({"name": "BBolt", "is_storable": True, "tracking": "lot"})
engine = Product.create({"name": "BEngine", "is_storable": True, "tracking": "serial"})
assembly = Product.create({"name": "BAssembly", "is_storable": True, "tracking": "serial"})
env["mrp.bom"].create(
    {
        "product_tmpl_id": assembly.product_tmpl_id.id,
        "bom_line_ids": [
            (0, 0, {"product_id": bolt.id, "product_qty": 3}),
            (0, 0, {"product_id": engine.id, "product_qty": 1, "trace_slot": "Left"}),
            (0, 0, {"product_id": engine.id, "product_qty": 1, "trace_slot": "Right"}),
        ],
    }
)
lot(bolt, "BBOLT-1", 10_000)
serials = [lot(engine, f"BENG-{i:03d}", 1).name for i in range(40)]
build = timed(
    "open wizard for 20 assemblies (60 lines)",
    lambda: env["stock.lot.build"].create({"product_id": assembly.id, "product_qty": 20}),
)
start = time.perf_counter()
for unit in range(20):
    build.action_scan("BBOLT-1")
    build.action_scan(serials[2 * unit])
    build.action_scan(serials[2 * unit + 1])
print(f"60 scans: {(time.perf_counter() - start) * 1000:.0f} ms")
timed("live validation, 60 lines", lambda: build._get_build_issues())
timed("confirm 20 assemblies (20 MOs, 60 lines)", build.action_confirm)
env.cr.rollback()
