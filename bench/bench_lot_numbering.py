# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: proposing lot/serial names from a numbering rule, and automatic reservation
skipping lots on hold. Run inside an Odoo shell on a database with lot_traceability installed:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_lot_numbering.py

Nothing is committed (the transaction is rolled back).
"""

import time

env = env  # noqa: F821,PLW0127 (given by the Odoo shell)

product = env["product.product"].create(
    {"name": "Bench Compressor", "default_code": "BCMP", "is_storable": True, "tracking": "serial"}
)
rule = env["stock.lot.numbering.rule"].create(
    {"name": "Bench", "pattern": "{product_code}-{yy}{doy}-{seq}", "padding": 6}
)
product.lot_numbering_rule_id = rule

for count in (1, 100, 10_000):
    start = time.perf_counter()
    names = product._propose_lot_names(count)
    elapsed = time.perf_counter() - start
    print(f"_propose_lot_names({count}): {elapsed * 1000:.1f} ms ({names[0]} .. {names[-1]})")

# Names that already exist are skipped: create 10,000 lots, rewind the counter, propose again.
start = time.perf_counter()
env["stock.lot"].create([{"name": name, "product_id": product.id} for name in names])
print(f"create 10,000 lots: {time.perf_counter() - start:.2f} s")
env.cr.execute(
    "UPDATE stock_lot_numbering_counter SET last_value = 101 WHERE rule_id = %s", [rule.id]
)
start = time.perf_counter()
skipped = product._propose_lot_names(10)
print(
    f"_propose_lot_names(10) over 10,000 existing: {(time.perf_counter() - start) * 1000:.1f} ms"
    f" -> {skipped[0]}"
)

# Reservation with 1,000 lots, half of them on hold.
flour = env["product.product"].create(
    {"name": "Bench Flour", "is_storable": True, "tracking": "lot"}
)
warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
lots = env["stock.lot"].create(
    [
        {
            "name": f"BF-{i:05d}",
            "product_id": flour.id,
            "trace_status": "quarantine" if i % 2 else "available",
            "trace_status_reason": "bench" if i % 2 else False,
        }
        for i in range(1000)
    ]
)
for lot in lots:
    env["stock.quant"]._update_available_quantity(flour, warehouse.lot_stock_id, 1, lot_id=lot)
picking = env["stock.picking"].create(
    {
        "picking_type_id": warehouse.out_type_id.id,
        "location_id": warehouse.lot_stock_id.id,
        "location_dest_id": env.ref("stock.stock_location_customers").id,
        "move_ids": [
            (
                0,
                0,
                {
                    "name": "bench",
                    "product_id": flour.id,
                    "product_uom_qty": 400,
                    "product_uom": flour.uom_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": env.ref("stock.stock_location_customers").id,
                },
            )
        ],
    }
)
start = time.perf_counter()
picking.action_confirm()  # reserves too
picking.action_assign()
elapsed = time.perf_counter() - start
lines = picking.move_line_ids
held = lines.lot_id.filtered(lambda lot: lot.trace_status != "available")
print(
    f"confirm and reserve 400 of 1,000 lots (500 on hold): {elapsed:.2f} s, "
    f"{len(lines)} lines reserved ({sum(lines.mapped('quantity'))} units), "
    f"lots on hold reserved: {len(held)}"
)
env.cr.rollback()
