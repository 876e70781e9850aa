# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Load benchmark: Odoo's prefork server (4 workers) on a generated database, 50 concurrent
scanner lookups and 5 trace screens for 60 s; latency p50/p95/p99 and errors, without and (with
``--replica``) with a PostgreSQL streaming replica answering the read-only requests.

- scanner lookup: ``stock.lot.scanner.get_lot_card`` of a random lot (``@api.readonly``: sent to
  the replica when there is one);
- trace screen: the lot's Downstream button (``call_button`` ``action_view_downstream_lots``:
  builds the trace, writes, on the primary) then the screen's read of the trace and its lines
  (``web_read``, read-only: on the replica when there is one).

The replica: ``pg_basebackup -R -X stream`` of the local cluster into a temporary directory,
started as a hot standby on ``--replica-port`` (local socket in that directory, user postgres),
given to Odoo as ``--db_replica_host``/``--db_replica_port``; stopped and deleted at the end.
``pg_basebackup`` needs a replication entry in pg_hba.conf (``local replication all trust``);
without it the script says so and measures without the replica.

Localhost only; bounded in time (``--duration``, request timeout 60 s, server start 180 s); every
process it starts is stopped at the end, also on Ctrl-C.

Usage:
    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python bench/bench_load.py \\
        -d lt_bench_1m_hubsql [--port 8203] [--workers 4] [--duration 60] [--scanners 50] \\
        [--traces 5] [--replica] [--replica-port 5499] [--login admin --password admin]
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/18.0"))
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TIMEOUT = 60


def percentile(values, fraction):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


class Replica:
    """A hot standby of the local cluster in a temporary directory."""

    def __init__(self, port):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="lt_replica_"))
        self.data = self.dir / "data"
        self.started = False

    def _as_postgres(self, *command):
        return ["runuser", "-u", "postgres", "--", *map(str, command)]

    def start(self):
        started = time.time()
        result = subprocess.run(
            [PG_BIN / "pg_basebackup", "-D", self.data, "-R", "-X", "stream", "-c", "fast"],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(
                "pg_basebackup failed (a replication entry is needed in pg_hba.conf, e.g. "
                f"'local replication all trust'): {result.stderr.strip()}"
            )
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\n"
            "listen_addresses = ''\n"
            f"unix_socket_directories = '{self.dir}'\n"
            "hot_standby = on\n"
            "shared_buffers = 256MB\n"
            "max_connections = 100\n"
            f"hba_file = '{self.dir}/pg_hba.conf'\n"
            f"ident_file = '{self.dir}/pg_ident.conf'\n"
        )
        (self.dir / "pg_hba.conf").write_text("local all all trust\n")
        (self.dir / "pg_ident.conf").write_text("")
        for stale in ("postmaster.pid", "postmaster.opts"):
            (self.data / stale).unlink(missing_ok=True)
        subprocess.run(["chown", "-R", "postgres:postgres", self.dir], check=True)
        self.dir.chmod(0o755)
        subprocess.run(
            self._as_postgres(
                PG_BIN / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.dir / "replica.log",
                "-w",
                "-t",
                "120",
                "start",
            ),
            check=True,
            timeout=180,
        )
        self.started = True
        print(f"replica: copied and started in {time.time() - started:.0f} s on {self.dir}")

    def lag(self):
        """Replay lag of the replica (s), read on the replica."""
        with psycopg2.connect(host=str(self.dir), port=self.port, dbname="postgres") as cnx:
            with cnx.cursor() as cr:
                cr.execute(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM "
                    "now() - pg_last_xact_replay_timestamp()), 0)"
                )
                return cr.fetchone()[0]

    def stop(self):
        if self.started:
            subprocess.run(
                self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"),
                check=False,
                timeout=120,
            )
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """Odoo's prefork server on localhost."""

    def __init__(self, args, replica=None):
        self.args = args
        self.replica = replica
        self.process = None
        self.url = f"http://127.0.0.1:{args.port}"

    def start(self):
        args = self.args
        command = [
            sys.executable,
            ODOO_SRC / "odoo-bin",
            f"--addons-path={ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{ROOT}",
            "-d",
            args.database,
            f"--db-filter=^{args.database}$",
            "--http-interface=127.0.0.1",
            f"--http-port={args.port}",
            f"--gevent-port={args.port + 3}",
            f"--workers={args.workers}",
            "--max-cron-threads=0",
            "--limit-time-real=120",
            "--limit-time-cpu=120",
            "--log-level=warn",
            f"--logfile={args.logfile}",
        ]
        if self.replica:
            command += [
                f"--db_replica_host={self.replica.dir}",
                f"--db_replica_port={self.replica.port}",
            ]
        self.process = subprocess.Popen(
            list(map(str, command)),
            start_new_session=True,
            env=dict(os.environ, PYTHONPATH=str(ODOO_SRC)),
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited ({self.process.returncode}), see {args.logfile}")
            time.sleep(1)
        raise RuntimeError("Odoo did not answer within 180 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


class Client:
    def __init__(self, url, args, cookies=None):
        """A client of one session: logged in, or sharing the ``cookies`` of one (55
        simultaneous logins would queue behind each other on 4 workers)."""
        self.url = url
        self.session = requests.Session()
        if cookies is not None:
            self.session.cookies.update(cookies)
            return
        response = self.session.post(
            f"{url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": args.database, "login": args.login, "password": args.password},
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        if "error" in response.json():
            raise RuntimeError(f"login failed: {response.json()['error']}")

    def call(self, route, model, method, args, kwargs=None):
        response = self.session.post(
            f"{self.url}{route}/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"].get("data", {}).get("message") or body["error"])
        return body["result"]

    def scanner_lookup(self, lot_name):
        card = self.call("/web/dataset/call_kw", "stock.lot.scanner", "get_lot_card", [lot_name])
        if "error" in card:
            raise RuntimeError(card["error"])

    def trace_screen(self, lot_id):
        action = self.call(
            "/web/dataset/call_button", "stock.lot", "action_view_downstream_lots", [[lot_id]]
        )
        records = self.call(
            "/web/dataset/call_kw",
            "stock.lot.trace",
            "web_read",
            [[action["res_id"]]],
            {
                "specification": {
                    "display_name": {},
                    "downstream_count": {},
                    "delivery_count": {},
                    "line_ids": {"fields": {"name": {}, "quantity": {}, "date": {}}},
                }
            },
        )
        if not records:
            raise RuntimeError("trace not found")


def pick_lots(database):
    with psycopg2.connect(dbname=database) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT id, name FROM stock_lot WHERE name ~ '^(RAW|L1|L2|FIN)-' " "ORDER BY id")
        lots = cr.fetchall()
    rng = random.Random(7)
    return rng.sample(lots, min(5000, len(lots))), [
        lot for lot in lots if lot[1].startswith(("L2-", "FIN-"))
    ]


def run_load(server, args, label):
    scan_lots, trace_lots = pick_lots(args.database)
    results = {"scanner": [], "trace": []}
    errors = {"scanner": [], "trace": []}
    lock = threading.Lock()
    start_barrier = threading.Barrier(args.scanners + args.traces + 1)
    stop_at = [0.0]
    cookies = Client(server.url, args).session.cookies

    def worker(kind, seed):
        rng = random.Random(seed)
        try:
            client = Client(server.url, args, cookies)
        except Exception as error:
            with lock:
                errors[kind].append(f"login: {error}")
            start_barrier.wait()
            return
        start_barrier.wait()
        while time.time() < stop_at[0]:
            started = time.perf_counter()
            try:
                if kind == "scanner":
                    client.scanner_lookup(rng.choice(scan_lots)[1])
                else:
                    client.trace_screen(rng.choice(trace_lots)[0])
            except Exception as error:
                with lock:
                    errors[kind].append(str(error)[:200])
                continue
            with lock:
                results[kind].append(time.perf_counter() - started)

    threads = [
        threading.Thread(target=worker, args=("scanner", i), daemon=True)
        for i in range(args.scanners)
    ] + [
        threading.Thread(target=worker, args=("trace", 1000 + i), daemon=True)
        for i in range(args.traces)
    ]
    for thread in threads:
        thread.start()
    stop_at[0] = time.time() + 10**6  # set once every client has logged in
    start_barrier.wait()
    stop_at[0] = time.time() + args.duration
    for thread in threads:
        thread.join(args.duration + TIMEOUT + 10)
    print(
        f"\n{label}: {args.workers} workers, {args.scanners} scanners + {args.traces} trace "
        f"screens for {args.duration} s"
    )
    print("| request | done | per s | p50 | p95 | p99 | errors |")
    print("|---|---|---|---|---|---|---|")
    for kind in ("scanner", "trace"):
        times = results[kind]
        cells = [
            f"{percentile(times, q) * 1000:.0f} ms" if times else "-" for q in (0.5, 0.95, 0.99)
        ]
        print(
            f"| {kind} | {len(times)} | {len(times) / args.duration:.1f} | "
            + " | ".join(cells)
            + f" | {len(errors[kind])} |"
        )
    for kind in ("scanner", "trace"):
        for message in sorted(set(errors[kind]))[:5]:
            print(f"  {kind} error: {message}")
    return results, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--port", type=int, default=8203)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--scanners", type=int, default=50)
    parser.add_argument("--traces", type=int, default=5)
    parser.add_argument("--replica", action="store_true", help="also measure with a replica")
    parser.add_argument("--replica-port", type=int, default=5499)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--logfile", default=str(ROOT / "bench" / "results" / "bench_load.log"))
    args = parser.parse_args()
    Path(args.logfile).parent.mkdir(parents=True, exist_ok=True)
    server = replica = None
    try:
        server = Server(args)
        server.start()
        run_load(server, args, "without replica")
        server.stop()
        if args.replica:
            replica = Replica(args.replica_port)
            try:
                replica.start()
            except (RuntimeError, subprocess.SubprocessError) as error:
                print(f"\nwith replica: not measured: {error}")
                return
            server = Server(args, replica)
            server.start()
            run_load(server, args, "with replica")
            print(f"replica replay lag at the end: {replica.lag():.2f} s")
    finally:
        if server:
            server.stop()
        if replica:
            replica.stop()


if __name__ == "__main__":
    main()
