# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Open an Odoo environment on a database that has lot_traceability installed (benchmarks only).

Run the benchmarks with Odoo's virtualenv and source on the path, e.g.::

    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python \
        bench/bench_bulk_serials.py -d DB

Everything a benchmark writes is rolled back at the end unless ``--commit`` is given.
"""

import argparse
import contextlib
import os
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")


def parse_args(description, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-d", "--database", required=True, help="database with lot_traceability")
    parser.add_argument("--commit", action="store_true", help="keep the data (default: rollback)")
    for name, (kwargs) in extra.items():
        parser.add_argument(f"--{name}", **kwargs)
    return parser.parse_args()


@contextlib.contextmanager
def odoo_env(database, commit=False):
    import odoo
    from odoo.tools import config

    config.parse_config(
        [
            f"--addons-path={ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{ROOT}",
            f"--database={database}",
            "--log-level=warn",
        ]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = env(user=admin.id, context={"lang": "en_US", "tz": "UTC"})
        try:
            yield env
        finally:
            if commit:
                cr.commit()
            else:
                cr.rollback()


class Timer:
    def __init__(self):
        self.figures = []

    @contextlib.contextmanager
    def __call__(self, label):
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.figures.append((label, elapsed))
        print(f"{label:<55} {elapsed:8.3f} s", flush=True)
