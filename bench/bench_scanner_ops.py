# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Benchmark: server time per scan of the Traceability Scanner's Receive and Pick operations
(the RPC methods of ``stock.lot.scanner.receive`` / ``stock.lot.scanner.pick``), on a small
receipt/delivery (the demo's size: 2-3 lines) and on a receipt and a delivery of ``--lines``
lines (500). Target: under 100 ms a scan.

Each call is timed as a request would run it: caches invalidated before, pending writes
flushed after (the commit of a request is not counted). Median and maximum over the scans.

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_scanner_ops.py -d DB [--lines 500] [--scans 20]

DB: a database with lot_traceability installed (demo data or not). Everything is rolled back.
"""

import statistics
import time
from datetime import timedelta

from _odoo_env import odoo_env, parse_args


def gtin(digits13):
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits13))
    return digits13 + str((10 - total % 10) % 10)


class Story:
    def __init__(self, env, lines):
        self.env = env
        self.lines = lines
        self.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        self.stock = self.warehouse.lot_stock_id
        self.partner = env["res.partner"].create({"name": "Bench Mill"})
        self.shelf = env["stock.location"].create(
            {"name": "Bench Shelf", "location_id": self.stock.id, "barcode": "BENCH-SHELF"}
        )
        self.products = env["product.product"].create(
            [
                {
                    "name": f"Bench Product {i:04d}",
                    "is_storable": True,
                    "tracking": "lot",
                    "use_expiration_date": True,
                    "barcode": gtin(f"0899{i:09d}")[1:],
                }
                for i in range(lines)
            ]
        )

    def picking(self, picking_type, products, quantity):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner.id,
                "location_id": picking_type.default_location_src_id.id
                or self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": picking_type.default_location_dest_id.id
                or self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                        },
                    )
                    for product in products
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def stock_lots(self, products, held_every=0):
        """Two lots per product on the shelf (the second expiring later); with ``held_every``,
        the first lot of one product in that many is blocked."""
        now = self.env.cr.now()
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"BL-{product.id}-{n}",
                    "product_id": product.id,
                    "expiration_date": now + timedelta(days=10 + 10 * n),
                }
                for product in products
                for n in (1, 2)
            ]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                lot.product_id, self.shelf, 10, lot_id=lot
            )
        if held_every:
            held = lots.filtered(lambda lot: lot.name.endswith("-1"))[::held_every]
            held.write({"trace_status": "blocked", "trace_status_reason": "Bench hold"})
        return lots


def timed(env, figures, label, call):
    env.flush_all()
    env.invalidate_all()
    start = time.perf_counter()
    result = call()
    env.flush_all()
    figures.setdefault(label, []).append((time.perf_counter() - start) * 1000)
    return result


def report(title, figures):
    print(f"\n{title}")
    for label, values in figures.items():
        print(
            f"  {label:<38} n={len(values):<4} median {statistics.median(values):7.1f} ms"
            f"   max {max(values):7.1f} ms"
        )


def bench_receive(env, story, products, scans):
    Receive = env["stock.lot.scanner.receive"]
    receipt = story.picking(story.warehouse.in_type_id, products, 10)
    figures = {}
    timed(env, figures, "open_receipt (whole list)", lambda: Receive.open_receipt(receipt.name))
    step = max(len(products) // scans, 1)
    for n, product in enumerate(products[::step][:scans]):
        code = f"(01)0{product.barcode}(10)RCV-{n}(17)301231(11)260101(30)6"
        result = timed(
            env,
            figures,
            "scan GS1 label (new lot)",
            lambda code=code: Receive.scan(receipt.id, code),
        )
        assert "error" not in result, result
        timed(
            env,
            figures,
            "set_quantity",
            lambda result=result: Receive.set_quantity(receipt.id, result["line_id"], 10),
        )
        timed(
            env,
            figures,
            "refused scan (expired label)",
            lambda product=product: Receive.scan(
                receipt.id, f"(01)0{product.barcode}(10)OLD(17)200101"
            ),
        )
    # Odoo's own floor: the same line written as the back office does it (lot name, quantity,
    # picked; the lot created by _create_and_assign_production_lot), no scanner around it
    for product in products[1::step][:scans]:
        line = receipt.move_ids.filtered(lambda m, p=product: m.product_id == p).move_line_ids[:1]
        timed(
            env,
            figures,
            "floor: back-office write of that line",
            lambda line=line: (
                line.write({"lot_name": f"BO-{line.id}", "quantity": 6, "picked": True}),
                line._create_and_assign_production_lot(),
            ),
        )
    timed(env, figures, "validate (asks for the backorder)", lambda: Receive.validate(receipt.id))
    return figures


def bench_pick(env, story, products, scans):
    Pick = env["stock.lot.scanner.pick"]
    story.stock_lots(products, held_every=1)
    delivery = story.picking(story.warehouse.out_type_id, products, 5)
    figures = {}
    timed(env, figures, "open_delivery (whole list)", lambda: Pick.open_delivery(delivery.name))
    timed(env, figures, "scan location", lambda: Pick.scan(delivery.id, "BENCH-SHELF"))
    step = max(len(products) // scans, 1)
    for product in products[::step][:scans]:
        held = f"(01)0{product.barcode}(10)BL-{product.id}-1"
        result = timed(
            env,
            figures,
            "refused scan (held lot, next proposed)",
            lambda held=held: Pick.scan(delivery.id, held, story.shelf.id),
        )
        assert result.get("proposal"), result
        good = f"(01)0{product.barcode}(10)BL-{product.id}-2"
        result = timed(
            env,
            figures,
            "scan reserved lot",
            lambda good=good: Pick.scan(delivery.id, good, story.shelf.id),
        )
        assert "error" not in result, result
        timed(
            env,
            figures,
            "set_quantity",
            lambda result=result: Pick.set_quantity(delivery.id, result["line_id"], 4),
        )
    for product in products[1::step][:scans]:
        line = delivery.move_ids.filtered(lambda m, p=product: m.product_id == p).move_line_ids[:1]
        timed(
            env,
            figures,
            "floor: back-office write (picked)",
            lambda line=line: line.write({"picked": True}),
        )
    timed(env, figures, "validate (asks for the backorder)", lambda: Pick.validate(delivery.id))
    return figures


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        lines={"type": int, "default": 500, "help": "lines of the large receipt/delivery"},
        scans={"type": int, "default": 20, "help": "scans timed on each"},
    )
    with odoo_env(args.database, args.commit) as env:
        story = Story(env, args.lines)
        small = story.products[:3]
        report("Receive, demo size (3 lines)", bench_receive(env, story, small, 3))
        report(
            f"Receive, {args.lines} lines",
            bench_receive(env, story, story.products, args.scans),
        )
        report("Pick, demo size (3 lines)", bench_pick(env, story, small, 3))
        report(
            f"Pick, {args.lines} lines",
            bench_pick(env, story, story.products[3:], args.scans),
        )


if __name__ == "__main__":
    main()
