# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Write-path budget: what lot_traceability adds to ordinary stock operations.

Four operations, each timed with and without the module's SQL machinery on one database:

* ``reserve``: reservation (``action_assign``) of a delivery of N moves, one lot each;
* ``deliver``: validation of that delivery (N lot deliveries);
* ``mo``: ``button_mark_done`` of a manufacturing order consuming M component lots;
* ``receipt``: a receipt of L lines, each a new lot (lines created, then validated).

*Without the machinery* = inside the measure's savepoint, the genealogy link triggers
(``LINK_TRIGGERS``: statement triggers on ``stock_move_line_consume_rel`` and
``stock_move_line``) are disabled and the module's indexes on Odoo's tables
(``GENEALOGY_INDEXES``, the covering index of done lot lines among them) are dropped; the
savepoint's rollback puts them back. The Python overrides (hold checks in ``_action_done`` and
``write``, the stored ``picking_partner_id``) cannot be switched off on one database: run the
script on a database with only the dependencies (``--no-module`` is implied there) to get
their share, see bench/README.md.

Each repetition builds its data in a savepoint, ANALYZEs the tables it filled (autovacuum may
be off), times the operation and rolls back; the modes alternate (on/off, then off/on, ...).
The median of the repetitions is printed, with the overhead of the machinery.

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \\
        bench/bench_write_path.py -d DB [--repeat 3] [--lots 1000] [--components 100] \\
        [--products 1] [--receipt-lines 10000] [--budget 900] [--statements 12]
"""

import contextlib
import statistics
import sys
import time

from _odoo_env import odoo_env, parse_args

ANALYZED = (
    "stock_lot",
    "stock_quant",
    "stock_move",
    "stock_move_line",
    "stock_picking",
    "stock_move_line_consume_rel",
    "mrp_production",
)


class Statements:
    """Time of each SQL statement sent while ``active`` (``--statements``): Odoo's cursor
    ``execute`` wrapped, statements grouped by their first 150 characters. The link trigger and
    the module's indexes run inside the UPDATEs of ``stock_move_line``: their cost is read
    there, apart from the noise of the rest of the operation."""

    def __init__(self):
        import collections

        import odoo.sql_db

        self.active = False
        self.times = collections.defaultdict(lambda: [0, 0.0])
        execute = odoo.sql_db.Cursor.execute
        statements = self

        def timed_execute(cursor, query, params=None, log_exceptions=True):
            if not statements.active:
                return execute(cursor, query, params, log_exceptions)
            begin = time.perf_counter()
            try:
                return execute(cursor, query, params, log_exceptions)
            finally:
                text = " ".join(str(getattr(query, "code", query)).split())[:150]
                entry = statements.times[text]
                entry[0] += 1
                entry[1] += time.perf_counter() - begin

        odoo.sql_db.Cursor.execute = timed_execute

    def report(self, count):
        rows = sorted(self.times.items(), key=lambda item: -item[1][1])
        total = sum(seconds for __, seconds in self.times.values())
        print(f"    SQL {total:.3f} s in {sum(n for n, __ in self.times.values())} statements")
        for text, (number, seconds) in rows[:count]:
            print(f"    {seconds:8.3f} s {number:6d}  {text}")
        self.times.clear()


STATEMENTS = None


def module_installed(env):
    return bool(
        env["ir.module.module"].search_count(
            [("name", "=", "lot_traceability"), ("state", "=", "installed")]
        )
    )


def machinery_off(env):
    """Disable the link triggers and drop the module's indexes on Odoo's tables (DDL:
    undone by the rollback of the measure's savepoint)."""
    from odoo.addons.lot_traceability.models.stock_lot_genealogy import GENEALOGY_INDEXES
    from odoo.addons.lot_traceability.models.stock_lot_genealogy_link import LINK_TRIGGERS
    from odoo.tools import SQL

    env.flush_all()
    for trigger, table in LINK_TRIGGERS:
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DISABLE TRIGGER %s",
                SQL.identifier(table),
                SQL.identifier(trigger),
            )
        )
    for index in GENEALOGY_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))


def analyze(env):
    from odoo.tools import SQL

    env.flush_all()
    for table in ANALYZED:
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


class Story:
    """The data of one repetition (created in its savepoint)."""

    def __init__(self, env, tag):
        self.env = env
        self.tag = tag
        self.stock = env.ref("stock.stock_location_stock")
        self.warehouse = env.ref("stock.warehouse0")

    def product(self, name):
        return self.env["product.product"].create(
            {"name": f"{name} {self.tag}", "is_storable": True, "tracking": "lot"}
        )

    def lots_in_stock(self, product, count, qty=1):
        return self.lots_of_products_in_stock([product] * count, qty)

    def lots_of_products_in_stock(self, products, qty=1):
        """One lot in stock for each product of ``products`` (a list, repeats allowed)."""
        lots = self.env["stock.lot"].create(
            [
                {"name": f"{product.id}-{i:06d}", "product_id": product.id}
                for i, product in enumerate(products)
            ]
        )
        self.env["stock.quant"].sudo().create(
            [
                {
                    "product_id": lot.product_id.id,
                    "location_id": self.stock.id,
                    "lot_id": lot.id,
                    "quantity": qty,
                }
                for lot in lots
            ]
        )
        return lots

    def delivery(self, count, product_count=1):
        """A delivery of ``count`` moves of one unit, spread over ``product_count`` products
        (each with its lots in stock): the reservation of a move reads the quants of its
        product, so with one product it costs Odoo O(count²), with one product per move
        O(count)."""
        products = self.env["product.product"].create(
            [
                {"name": f"Delivered {self.tag}-{k}", "is_storable": True, "tracking": "lot"}
                for k in range(product_count)
            ]
        )
        move_products = [products[i % product_count] for i in range(count)]
        self.lots_of_products_in_stock(move_products)
        out_type = self.warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": out_type.id,
                "partner_id": self.env.ref("base.res_partner_2").id,
                "location_id": self.stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        },
                    )
                    for product in move_products
                ],
            }
        )
        # N moves (action_confirm would merge them into one), reserved at confirmation
        picking.move_ids._action_confirm(merge=False)  # pylint: disable=protected-access
        picking.do_unreserve()
        assert len(picking.move_ids) == count, len(picking.move_ids)
        return picking

    def production(self, count):
        component = self.product("Component")
        self.lots_in_stock(component, count)
        finished = self.product("Finished")
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": finished.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": count})],
            }
        )
        production = self.env["mrp.production"].create(
            {"product_id": finished.id, "bom_id": bom.id, "product_qty": 1}
        )
        production.action_confirm()
        production.action_assign()
        production.lot_producing_id = self.env["stock.lot"].create(
            {"name": f"FIN-{self.tag}", "product_id": finished.id}
        )
        production.qty_producing = 1
        production._set_qty_producing()  # pylint: disable=protected-access
        production.move_raw_ids.picked = True
        return production

    def receipt(self, count):
        product = self.product("Received")
        in_type = self.warehouse.in_type_id
        supplier = self.env.ref("stock.stock_location_suppliers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": in_type.id,
                "partner_id": self.env.ref("base.res_partner_2").id,
                "location_id": supplier.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": count,
                            "product_uom": product.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking, product


def validate(picking):
    picking.move_ids.picked = True
    result = picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
    assert result is True, result
    assert picking.state == "done", picking.state


def run_once(env, args, mode, operation, tag):
    """Seconds taken by ``operation`` in ``mode`` ('on' / 'off'), everything rolled back."""
    with contextlib.closing(env.cr.savepoint()):  # rolled back
        if mode == "off":
            machinery_off(env)
        story = Story(env, tag)
        if operation in ("reserve", "deliver"):
            picking = story.delivery(args.lots, args.products)
            analyze(env)
            if operation == "deliver":
                picking.action_assign()
                assert picking.state == "assigned", picking.state
                analyze(env)
            start = time.perf_counter()
            if STATEMENTS:
                STATEMENTS.active = True
            if operation == "reserve":
                picking.action_assign()
                env.flush_all()
                assert picking.state == "assigned", picking.state
            else:
                validate(picking)
                env.flush_all()
        elif operation == "mo":
            production = story.production(args.components)
            analyze(env)
            start = time.perf_counter()
            if STATEMENTS:
                STATEMENTS.active = True
            production.button_mark_done()
            env.flush_all()
            assert production.state == "done", production.state
            consumed = production.move_finished_ids.move_line_ids.consume_line_ids
            assert len(consumed.lot_id) == args.components, len(consumed.lot_id)
        else:
            picking, product = story.receipt(args.receipt_lines)
            analyze(env)
            move = picking.move_ids
            start = time.perf_counter()
            if STATEMENTS:
                STATEMENTS.active = True
            move.move_line_ids.unlink()
            env["stock.move.line"].create(
                [
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_name": f"R{tag}-{i:06d}",
                        "quantity": 1,
                    }
                    for i in range(args.receipt_lines)
                ]
            )
            validate(picking)
            env.flush_all()
        elapsed = time.perf_counter() - start
        if STATEMENTS:
            STATEMENTS.active = False
    env.invalidate_all()
    return elapsed


def main():
    args = parse_args(
        __doc__.split("\n\n")[0],
        repeat={"type": int, "default": 3, "help": "repetitions of each measure (median)"},
        lots={"type": int, "default": 1000, "help": "moves reserved and delivered"},
        products={
            "type": int,
            "default": 1,
            "help": "products the delivered lots are spread over (1: Odoo reserves in O(lots²))",
        },
        components={"type": int, "default": 100, "help": "component lots of the MO"},
        **{
            "receipt-lines": {"type": int, "default": 10000, "help": "lines of the receipt"},
            "budget": {"type": float, "default": 1800, "help": "seconds; stop repeating after"},
            "operations": {"default": "reserve,deliver,mo,receipt", "help": "comma-separated"},
            "no-module": {"action": "store_true", "help": "time the 'on' mode only"},
            "statements": {
                "type": int,
                "default": 0,
                "help": "print the N costliest SQL statements of each timed operation",
            },
        },
    )
    global STATEMENTS  # noqa: PLW0603
    if args.statements:
        STATEMENTS = Statements()
    begin = time.perf_counter()
    with odoo_env(args.database) as env:
        installed = module_installed(env)
        modes = ("on", "off") if installed and not args.no_module else ("on",)
        print(
            f"database {args.database}: lot_traceability "
            f"{'installed' if installed else 'NOT installed'}; modes {modes}",
            flush=True,
        )
        figures = {}
        tag = 0
        for operation in args.operations.split(","):
            for rep in range(args.repeat):
                if rep and time.perf_counter() - begin > args.budget:
                    print(f"budget of {args.budget:.0f} s spent: {operation} stops", flush=True)
                    break
                order = modes if rep % 2 == 0 else tuple(reversed(modes))
                for mode in order:
                    tag += 1
                    seconds = run_once(env, args, mode, operation, tag)
                    figures.setdefault((operation, mode), []).append(seconds)
                    print(f"  {operation:<8} {mode:<3} run {rep + 1}: {seconds:8.3f} s", flush=True)
                    if STATEMENTS:
                        STATEMENTS.report(args.statements)
        print()
        print(f"{'operation':<10} {'with (s)':>10} {'without (s)':>12} {'overhead':>9}  runs")
        worst = 0.0
        for operation in args.operations.split(","):
            with_ = statistics.median(figures[(operation, "on")])
            line = f"{operation:<10} {with_:10.3f}"
            if ("off" in modes) and (operation, "off") in figures:
                without = statistics.median(figures[(operation, "off")])
                overhead = (with_ - without) / without * 100
                worst = max(worst, overhead)
                line += f" {without:12.3f} {overhead:+8.1f}%"
            else:
                line += f" {'-':>12} {'-':>9}"
            print(f"{line}  {len(figures[(operation, 'on')])}", flush=True)
        return 0 if worst <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
