# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Build a realistic lot history in a benchmark database, by bulk SQL.

raw lots (received) -> level-1 intermediates -> level-2 intermediates -> finished lots ->
customer deliveries; 5-12 components per manufacturing order; hub lots (salt, water, film)
used by a large share of the orders; partial on-hand quantities.

A handful of records are first made through the ORM (a receipt, a manufacturing order, a
delivery): every bulk row is a clone of one of them with its own ids, lots, products,
quantities and dates, so all the columns Odoo expects are there. A sample is then checked
through the ORM.

Usage (see README.md): python generate.py -d DB --scale 1   (~100k move lines; 10 -> ~1M)

The shape is a parameter (defaults: the history described in README.md):
  --raw-lots N        raw lots per scale unit (2400): fewer raw lots, each used by more orders
                      (fan-out: 150 makes a typical raw lot reach ~2,000 lots)
  --components A-B    raw lots per level-1 order (5-12)
  --depth N           levels of level-2 intermediates between level 1 and finished (1)
  --hub-share F       factor on the share of orders using a hub lot (1.0)
  --customers N       customers per scale unit (200, at least 200 in all)
  --deliveries A-B    customer deliveries per finished lot (5-12)
"""

import argparse
import logging
import random
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import Form

_logger = logging.getLogger("bench.genealogy")
CHUNK = 20000


def reserve_ids(cr, table, count):
    cr.execute(f"SELECT setval('{table}_id_seq', nextval('{table}_id_seq') + %s - 1)", [count])
    last = cr.fetchone()[0]
    return list(range(last - count + 1, last + 1))


def column_types(cr, table):
    cr.execute(
        """SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped""",
        [table],
    )
    return dict(cr.fetchall())


def clone(cr, table, template_id, values):
    """Insert one row per index of the lists in ``values`` (column -> list), every other
    column copied from row ``template_id``; return the new ids."""
    started = time.time()
    types = column_types(cr, table)
    values = {column: data for column, data in values.items() if column in types}
    count = len(next(iter(values.values())))
    ids = reserve_ids(cr, table, count)
    override = ["id", *values]
    columns = [c for c in types if c != "id"]
    select = ", ".join(f"v.{c}" if c in values else f"tpl.{c}" for c in columns)
    unnest = ", ".join(f"%s::{types[c] if c != 'id' else 'integer'}[]" for c in override)
    for start in range(0, count, CHUNK):
        params = [ids[start : start + CHUNK]] + [values[c][start : start + CHUNK] for c in values]
        cr.execute(
            f"""INSERT INTO {table} (id, {", ".join(columns)})
                SELECT v.id, {select}
                  FROM (SELECT * FROM {table} WHERE id = %s) tpl,
                       unnest({unnest}) AS v({", ".join(override)})""",
            [template_id, *params],
        )
    # fresh statistics, so that the foreign key checks of the next inserts use the indexes
    cr.execute(f"ANALYZE {table}")
    _logger.info("%s: %s rows in %.1fs", table, count, time.time() - started)
    return ids


DEFAULT_SHAPE = {
    "raw_lots": 2400,
    "components": (5, 12),
    "depth": 1,
    "hub_share": 1.0,
    "customers": 200,
    "deliveries": (5, 12),
}


class Generator:
    def __init__(self, env, scale, seed=42, shape=None):
        self.env = env
        self.cr = env.cr
        self.scale = scale
        self.shape = dict(DEFAULT_SHAPE, **(shape or {}))
        self.rng = random.Random(seed)
        self.company = env.company
        self.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.stock = self.warehouse.lot_stock_id
        self.customers_location = env.ref("stock.stock_location_customers")
        self.suppliers_location = env.ref("stock.stock_location_suppliers")
        self.production_location = env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", self.company.id)], limit=1
        )
        self.start_date = datetime(2025, 1, 1)

    # -- ORM part: products, partners and one record of each kind to clone ----------------
    def make_products(self):
        s = self.scale
        uom = self.env.ref("uom.product_uom_unit")

        def create(prefix, count):
            return self.env["product.product"].create(
                [
                    {
                        "name": f"{prefix} {i:03d}",
                        "is_storable": True,
                        "tracking": "lot",
                        "uom_id": uom.id,
                        "uom_po_id": uom.id,
                    }
                    for i in range(count)
                ]
            )

        self.raw_products = create("Bench Raw", 40)
        self.hub_products = create("Bench Hub", 3)  # salt, water, film
        self.l1_products = create("Bench Intermediate A", 20)
        self.l2_products = create("Bench Intermediate B", 10)
        self.finished_products = create("Bench Finished", 30)
        self.customers = self.env["res.partner"].create(
            [
                {"name": f"Bench Customer {i:04d}", "is_company": True}
                for i in range(max(200, int(self.shape["customers"] * s / 2)))
            ]
        )

    def make_templates(self):
        env = self.env
        raw, l1 = self.raw_products[0], self.l1_products[0]
        lot_raw = env["stock.lot"].create({"name": "BENCH-TPL-RAW", "product_id": raw.id})
        receipt = env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.suppliers_location.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": raw.name,
                            "product_id": raw.id,
                            "product_uom_qty": 10,
                            "product_uom": raw.uom_id.id,
                            "location_id": self.suppliers_location.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.set_lines(receipt.move_ids, lot_raw, 10)
        receipt._action_done()
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": l1.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": raw.id, "product_qty": 1})],
            }
        )
        lot_l1 = env["stock.lot"].create({"name": "BENCH-TPL-L1", "product_id": l1.id})
        mo_form = Form(env["mrp.production"])
        mo_form.product_id = l1
        mo_form.bom_id = bom
        mo_form.product_qty = 5
        mo = mo_form.save()
        mo.action_confirm()
        mo_form = Form(mo)
        mo_form.qty_producing = 5
        mo_form.lot_producing_id = lot_l1
        mo = mo_form.save()
        self.set_lines(mo.move_raw_ids, lot_raw, 5)
        mo.button_mark_done()
        assert mo.state == "done"
        delivery = env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customers[0].id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": l1.name,
                            "product_id": l1.id,
                            "product_uom_qty": 2,
                            "product_uom": l1.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers_location.id,
                        },
                    )
                ],
            }
        )
        delivery.action_confirm()
        self.set_lines(delivery.move_ids, lot_l1, 2)
        delivery._action_done()
        env.flush_all()
        for record in (receipt, mo, delivery):
            assert record.state == "done", record
        self.tpl = {
            "lot": lot_raw.id,
            "receipt": receipt.id,
            "receipt_move": receipt.move_ids.id,
            "receipt_ml": receipt.move_ids.move_line_ids.id,
            "mo": mo.id,
            "raw_move": mo.move_raw_ids.id,
            "raw_ml": mo.move_raw_ids.move_line_ids.id,
            "finished_move": mo.move_finished_ids.id,
            "finished_ml": mo.move_finished_ids.move_line_ids.id,
            "delivery": delivery.id,
            "delivery_move": delivery.move_ids.id,
            "delivery_ml": delivery.move_ids.move_line_ids.id,
            "quant": env["stock.quant"]
            .search([("lot_id", "=", lot_raw.id), ("location_id", "=", self.stock.id)], limit=1)
            .id,
        }

    def set_lines(self, move, lot, quantity):
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": move.picking_id.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True

    # -- bulk part ----------------------------------------------------------------------
    def date(self, day):
        return self.start_date + timedelta(days=day, minutes=self.rng.randrange(1440))

    def make_lots(self, products, count, prefix):
        product_ids = [self.rng.choice(products).id for _ in range(count)]
        names = [f"{prefix}-{i:07d}" for i in range(count)]
        ids = clone(
            self.cr, "stock_lot", self.tpl["lot"], {"name": names, "product_id": product_ids}
        )
        return list(zip(ids, product_ids, strict=True))

    def run(self):
        s, rng = self.scale, self.rng
        t0 = time.time()
        self.make_products()
        self.make_templates()
        # lots -------------------------------------------------------------------------
        shape = self.shape
        raw_lots = self.make_lots(self.raw_products, int(shape["raw_lots"] * s), "RAW")
        hub_lots = self.make_lots(self.hub_products, 6, "HUB")
        self.hub_lots = {
            # one salt lot for the whole history: the widest hub (~half of all lots downstream)
            "salt": [hub_lots[0]],
            "water": [hub_lots[1], hub_lots[3], hub_lots[4]],
            "film": [hub_lots[2], hub_lots[5]],
        }
        # force product per hub
        hub_product = {
            "salt": self.hub_products[0].id,
            "water": self.hub_products[1].id,
            "film": self.hub_products[2].id,
        }
        for kind, lots in self.hub_lots.items():
            self.cr.execute(
                "UPDATE stock_lot SET product_id = %s WHERE id = ANY(%s)",
                [hub_product[kind], [lot for lot, _p in lots]],
            )
            self.hub_lots[kind] = [(lot, hub_product[kind]) for lot, _p in lots]
        # receipts of raw and hub lots
        received = raw_lots + [lot for lots in self.hub_lots.values() for lot in lots]
        self.receive(received)
        # manufacturing levels -----------------------------------------------------------
        l1 = self.manufacture(
            self.l1_products,
            int(2000 * s),
            "L1",
            lambda: self.pick(raw_lots, rng.randint(*shape["components"]))
            + self.hubs({"salt": 0.6, "water": 0.5}),
            day_from=10,
        )
        l2 = l1
        for level in range(shape["depth"]):
            previous = l2
            l2 = self.manufacture(
                self.l2_products,
                int(1500 * s / shape["depth"]),
                "L2" if level == 0 else f"L2{chr(ord('A') + level)}",
                lambda previous=previous: self.pick(previous, rng.randint(2, 4))
                + self.pick(raw_lots, rng.randint(3, 8))
                + self.hubs({"salt": 0.3}),
                day_from=60 + level,
            )
        finished = self.manufacture(
            self.finished_products,
            int(3000 * s),
            "FIN",
            lambda: self.pick(l2, rng.randint(1, 3))
            + self.pick(l1, rng.randint(1, 2))
            + self.pick(raw_lots, rng.randint(3, 7))
            + self.hubs({"film": 0.9}),
            day_from=120,
        )
        self.deliver(finished)
        self.on_hand(
            raw_lots + l1 + l2 + finished + [lot for lots in self.hub_lots.values() for lot in lots]
        )
        self.cr.execute("ANALYZE")
        self.env.invalidate_all()
        self.lots = {"raw": raw_lots, "l1": l1, "l2": l2, "finished": finished}
        _logger.info("generated in %.1fs", time.time() - t0)

    def pick(self, lots, count):
        return self.rng.sample(lots, min(count, len(lots)))

    def hubs(self, probabilities):
        return [
            self.rng.choice(self.hub_lots[kind])
            for kind, p in probabilities.items()
            if self.rng.random() < p * self.shape["hub_share"]
        ]

    def receive(self, lots):
        n = len(lots)
        dates = [self.date(self.rng.randrange(0, 10)) for _ in range(n)]
        picking_ids = clone(
            self.cr,
            "stock_picking",
            self.tpl["receipt"],
            {
                "name": [f"BENCH/IN/{i:07d}" for i in range(n)],
                "date_done": dates,
                "scheduled_date": dates,
                "date": dates,
            },
        )
        qty = [float(self.rng.randint(200, 1000)) for _ in range(n)]
        move_ids = clone(
            self.cr,
            "stock_move",
            self.tpl["receipt_move"],
            {
                "picking_id": picking_ids,
                "product_id": [p for _l, p in lots],
                "product_uom_qty": qty,
                "quantity": qty,
                "date": dates,
            },
        )
        clone(
            self.cr,
            "stock_move_line",
            self.tpl["receipt_ml"],
            {
                "move_id": move_ids,
                "picking_id": picking_ids,
                "product_id": [p for _l, p in lots],
                "lot_id": [lot for lot, _p in lots],
                "quantity": qty,
                "quantity_product_uom": qty,
                "date": dates,
            },
        )

    def manufacture(self, products, count, prefix, components, day_from):
        lots = self.make_lots(products, count, prefix)
        dates = [self.date(day_from + self.rng.randrange(0, 50)) for _ in range(count)]
        qty = [float(self.rng.randint(10, 100)) for _ in range(count)]
        mo_ids = clone(
            self.cr,
            "mrp_production",
            self.tpl["mo"],
            {
                "name": [f"BENCH/{prefix}/{i:07d}" for i in range(count)],
                "product_id": [p for _l, p in lots],
                "lot_producing_id": [lot for lot, _p in lots],
                "product_qty": qty,
                "product_uom_qty": qty,
                "qty_producing": qty,
                "date_start": dates,
                "date_finished": dates,
            },
        )
        finished_moves = clone(
            self.cr,
            "stock_move",
            self.tpl["finished_move"],
            {
                "production_id": mo_ids,
                "product_id": [p for _l, p in lots],
                "product_uom_qty": qty,
                "quantity": qty,
                "date": dates,
                "reference": [f"BENCH/{prefix}/{i:07d}" for i in range(count)],
            },
        )
        finished_lines = clone(
            self.cr,
            "stock_move_line",
            self.tpl["finished_ml"],
            {
                "move_id": finished_moves,
                "product_id": [p for _l, p in lots],
                "lot_id": [lot for lot, _p in lots],
                "quantity": qty,
                "quantity_product_uom": qty,
                "date": dates,
                "reference": [f"BENCH/{prefix}/{i:07d}" for i in range(count)],
            },
        )
        comp = {
            "mo": [],
            "product": [],
            "lot": [],
            "qty": [],
            "date": [],
            "finished_line": [],
            "ref": [],
        }
        for index in range(count):
            for lot, product in components():
                comp["mo"].append(mo_ids[index])
                comp["product"].append(product)
                comp["lot"].append(lot)
                comp["qty"].append(float(self.rng.randint(1, 10)))
                comp["date"].append(dates[index])
                comp["finished_line"].append(finished_lines[index])
                comp["ref"].append(f"BENCH/{prefix}/{index:07d}")
        raw_moves = clone(
            self.cr,
            "stock_move",
            self.tpl["raw_move"],
            {
                "raw_material_production_id": comp["mo"],
                "product_id": comp["product"],
                "product_uom_qty": comp["qty"],
                "quantity": comp["qty"],
                "date": comp["date"],
                "reference": comp["ref"],
            },
        )
        raw_lines = clone(
            self.cr,
            "stock_move_line",
            self.tpl["raw_ml"],
            {
                "move_id": raw_moves,
                "product_id": comp["product"],
                "lot_id": comp["lot"],
                "quantity": comp["qty"],
                "quantity_product_uom": comp["qty"],
                "date": comp["date"],
                "reference": comp["ref"],
            },
        )
        # consume_line_id = the finished line, produce_line_id = the component line
        self.cr.execute(
            """INSERT INTO stock_move_line_consume_rel (consume_line_id, produce_line_id)
               SELECT * FROM unnest(%s::int[], %s::int[])""",
            [comp["finished_line"], raw_lines],
        )
        # and the link table the relation's trigger filled (lot_traceability)
        self.cr.execute("ANALYZE stock_move_line_consume_rel, stock_lot_genealogy_link")
        _logger.info("%s: %s orders, %s component lines", prefix, count, len(raw_lines))
        return lots

    def deliver(self, finished):
        rows = {"lot": [], "product": [], "partner": [], "qty": [], "date": []}
        for lot, product in finished:
            for _i in range(self.rng.randint(*self.shape["deliveries"])):
                rows["lot"].append(lot)
                rows["product"].append(product)
                rows["partner"].append(self.rng.choice(self.customers).id)
                rows["qty"].append(float(self.rng.randint(1, 5)))
                rows["date"].append(self.date(180 + self.rng.randrange(0, 120)))
        n = len(rows["lot"])
        names = [f"BENCH/OUT/{i:07d}" for i in range(n)]
        picking_ids = clone(
            self.cr,
            "stock_picking",
            self.tpl["delivery"],
            {
                "name": names,
                "partner_id": rows["partner"],
                "date_done": rows["date"],
                "scheduled_date": rows["date"],
                "date": rows["date"],
            },
        )
        move_ids = clone(
            self.cr,
            "stock_move",
            self.tpl["delivery_move"],
            {
                "picking_id": picking_ids,
                "product_id": rows["product"],
                "partner_id": rows["partner"],
                "product_uom_qty": rows["qty"],
                "quantity": rows["qty"],
                "date": rows["date"],
                "reference": names,
            },
        )
        clone(
            self.cr,
            "stock_move_line",
            self.tpl["delivery_ml"],
            {
                "move_id": move_ids,
                "picking_id": picking_ids,
                "picking_partner_id": rows["partner"],  # stored by lot_traceability
                "product_id": rows["product"],
                "lot_id": rows["lot"],
                "quantity": rows["qty"],
                "quantity_product_uom": rows["qty"],
                "date": rows["date"],
                "reference": names,
            },
        )
        _logger.info("deliveries: %s", n)

    def on_hand(self, lots):
        keep = [(lot, product) for lot, product in lots if self.rng.random() < 0.35]
        clone(
            self.cr,
            "stock_quant",
            self.tpl["quant"],
            {
                "lot_id": [lot for lot, _p in keep],
                "product_id": [p for _l, p in keep],
                "quantity": [float(self.rng.randint(1, 50)) for _ in keep],
                "reserved_quantity": [0.0 for _ in keep],
            },
        )

    def check_sample(self):
        """Read a sample back through the ORM: the rows must look like Odoo's own."""
        env = self.env
        env.invalidate_all()
        lines = env["stock.move.line"].search([("reference", "like", "BENCH/FIN/")], limit=50)
        for line in lines:
            assert line.state == "done" and line.lot_id and line.move_id
            if line.move_id.production_id:
                assert line.consume_line_ids, line
                assert line.move_id.production_id.lot_producing_id == line.lot_id
            else:
                assert line.move_id.raw_material_production_id
                assert (
                    line.produce_line_ids.lot_id
                    == line.move_id.raw_material_production_id.lot_producing_id
                )
        deliveries = env["stock.picking"].search([("name", "like", "BENCH/OUT/")], limit=20)
        assert all(p.picking_type_code == "outgoing" and p.state == "done" for p in deliveries)
        assert all(p.move_line_ids.lot_id for p in deliveries)
        assert all(p.move_line_ids.picking_partner_id == p.partner_id for p in deliveries)
        env.cr.execute("SELECT count(*) FROM stock_move_line")
        return env.cr.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1, help="1: ~100k move lines, 10: ~1M")
    parser.add_argument("--addons-path", required=True)

    def span(text):
        low, high = text.split("-")
        return int(low), int(high)

    parser.add_argument("--raw-lots", type=int, default=DEFAULT_SHAPE["raw_lots"])
    parser.add_argument("--components", type=span, default=DEFAULT_SHAPE["components"])
    parser.add_argument("--depth", type=int, default=DEFAULT_SHAPE["depth"])
    parser.add_argument("--hub-share", type=float, default=DEFAULT_SHAPE["hub_share"])
    parser.add_argument("--customers", type=int, default=DEFAULT_SHAPE["customers"])
    parser.add_argument("--deliveries", type=span, default=DEFAULT_SHAPE["deliveries"])
    args = parser.parse_args()
    shape = {key: getattr(args, key) for key in DEFAULT_SHAPE}
    odoo.tools.config.parse_config(
        ["--addons-path", args.addons_path, "-d", args.database, "--log-level", "warn"]
    )
    logging.getLogger("bench").setLevel(logging.INFO)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generator = Generator(env, args.scale, shape=shape)
        generator.run()
        count = generator.check_sample()
        print(f"generated: {count} move lines in {args.database}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    main()
