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

``--via direct,proxy``: each run once with the clients talking to Odoo's workers directly, and
once through HAProxy (Debian's ``haproxy``), started by the script in front of the workers as in
production: it queues the requests above ``--proxy-maxconn`` (default: the workers) itself, so
that Odoo's listen queue (8 connections per worker) never overflows.

Where the requests went: the transactions of the database counted by ``pg_stat_database`` on
the primary and on the replica before and after each run.

The replica: the script first checks that the local primary can feed one (``wal_level`` replica
or logical, ``max_wal_senders`` > 0, a replication connection accepted by pg_hba.conf). When
pg_hba.conf has no replication entry it prints the lines to add and stops, unless
``--allow-replication-setup`` is given: then it appends them to pg_hba.conf, reloads the
primary, says so, and takes them out again (and reloads) at the end. Then ``pg_basebackup -R -X
stream -C -S <slot>`` of the whole cluster (every database on it) into a temporary directory
(in /dev/shm when memory allows), a hot standby started with ``pg_ctl`` on a free port with its
own socket directory (local socket only), waited for until the primary lists it as streaming,
given to Odoo as ``--db_replica_host`` / ``--db_replica_port``; stopped, its slot dropped and
its directory deleted at the end.

The bench writes (logins, the trace screens' records): run it on a copy, e.g.
``createdb -T lt_bench_1m lt_loadbench_1m``, not on a shared read-only database.

Localhost only; bounded in time (``--duration``, request timeout 60 s, server start 180 s,
replica copy 30 min, the whole script ``--time-limit``); every process it starts is stopped and
every file it adds removed at the end, also on Ctrl-C, SIGTERM and the time limit.

Usage (as root: the replica runs as the ``postgres`` system user):
    PYTHONPATH=/opt/odoo/18.0 ~/.venvs/lot_traceability-18.0/bin/python bench/bench_load.py \\
        -d lt_loadbench_1m [--port 8251] [--workers 4] [--duration 60] [--scanners 50] \\
        [--traces 5] [--think 0] [--via direct,proxy] [--proxy-port 8260] [--proxy-maxconn 4] \\
        [--replica | --replica-only] [--allow-replication-setup] \\
        [--replica-port 5433] [--login admin --password admin] [--time-limit 2400]
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import psycopg2
import requests
import websocket
from _process import stop_process_group, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/18.0"))
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TIMEOUT = 60
REPLICATION_HBA = ("local replication all trust", "host replication all 127.0.0.1/32 trust")
HBA_MARK = "# added by lot_traceability bench/bench_load.py --allow-replication-setup"
# settings a hot standby must have at least as high as its primary
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class TimeLimit(Exception):
    pass


def percentile(values, fraction):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def query(sql, params=(), **connect):
    with closing(psycopg2.connect(**{"dbname": "postgres", **connect})) as cnx:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()


def xact_count(database, **connect):
    """Transactions (committed + rolled back) of ``database`` on one server."""
    rows = query(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
        (database,),
        **connect,
    )
    return rows[0][0] if rows else 0


def listen_overflows():
    """Connections this machine's kernel dropped because a listening socket's accept queue
    was full (TcpExtListenOverflows: Odoo's prefork server listens with a queue of 8 per
    worker; a dropped connection is retried by the client after 1, 3, 7... s)."""
    with open("/proc/net/netstat") as netstat:
        lines = netstat.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith("TcpExt:"):
            return dict(zip(names.split()[1:], map(int, values.split()[1:]), strict=True))[
                "ListenOverflows"
            ]
    return 0


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class ReplicationSetup:
    """Can the local primary feed a streaming replica? Checks, and with ``allow_setup`` adds
    the pg_hba.conf entries it lacks (taken out again by ``undo``)."""

    def __init__(self, allow_setup):
        self.allow_setup = allow_setup
        self.hba_file = None
        self.settings = {}
        self.added = False

    def check(self):
        rows = query(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            (["wal_level", "hba_file", "cluster_name", *STANDBY_MINIMUMS],),
        )
        self.settings = dict(rows)
        self.hba_file = self.settings["hba_file"]
        if self.settings["wal_level"] not in ("replica", "logical") or not int(
            self.settings["max_wal_senders"]
        ):
            raise RuntimeError(
                f"the primary cannot feed a replica: wal_level = {self.settings['wal_level']}, "
                f"max_wal_senders = {self.settings['max_wal_senders']}; needed: wal_level = "
                "replica and max_wal_senders > 0 (ALTER SYSTEM SET ...; then restart "
                "PostgreSQL: not done by this script)"
            )
        if self._replication_accepted():
            return
        lines = "\n".join(f"    {line}" for line in REPLICATION_HBA)
        cluster = self.settings.get("cluster_name") or "15/main"
        instructions = (
            f"the primary refuses replication connections: add to {self.hba_file}\n{lines}\n"
            f"then reload it (pg_ctlcluster {cluster.replace('/', ' ')} reload, or "
            "SELECT pg_reload_conf()), or run this script with --allow-replication-setup "
            "(adds these lines for the run and takes them out at the end)"
        )
        if not self.allow_setup:
            raise RuntimeError(instructions)
        self._add_hba_lines()
        if not self._replication_accepted():
            raise RuntimeError(f"replication still refused after adding the lines: {instructions}")

    def _replication_accepted(self):
        try:
            psycopg2.connect(dbname="postgres", replication="true").close()
        except psycopg2.OperationalError as error:
            if "pg_hba.conf" in str(error):
                return False
            raise
        return True

    def _add_hba_lines(self):
        hba = Path(self.hba_file)
        try:
            ends_line = hba.read_text().endswith("\n")
            with hba.open("a") as file:
                file.write(("" if ends_line else "\n") + "\n".join([HBA_MARK, *REPLICATION_HBA]))
                file.write("\n")
        except OSError as error:
            raise RuntimeError(f"cannot write {hba}: {error}") from error
        self._reload()
        errors = query("SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL")
        if errors:
            self.undo()
            raise RuntimeError(f"{hba} has errors after the change (undone): {errors}")
        print(f"replica: added to {hba} and reloaded the primary: {', '.join(REPLICATION_HBA)}")
        self.added = True

    def _reload(self):
        if not query("SELECT pg_reload_conf()")[0][0]:
            raise RuntimeError("pg_reload_conf() failed")
        time.sleep(1)  # the postmaster reloads asynchronously

    def undo(self):
        if not self.added:
            return
        hba = Path(self.hba_file)
        lines = hba.read_text().splitlines(keepends=True)
        kept = []
        skip = 0
        for line in lines:
            if line.strip() == HBA_MARK:
                skip = len(REPLICATION_HBA)
                continue
            if skip and line.strip() in REPLICATION_HBA:
                skip -= 1
                continue
            kept.append(line)
        hba.write_text("".join(kept))
        self._reload()
        self.added = False
        print(f"replica: took the replication lines out of {hba} and reloaded the primary")


def free_port(port):
    """``port`` or the next one free on this machine (TCP on localhost, no socket file)."""
    for candidate in range(port, port + 50):
        with closing(socket.socket()) as probe:
            if probe.connect_ex(("127.0.0.1", candidate)) == 0:
                continue
        if not list(Path("/var/run/postgresql").glob(f".s.PGSQL.{candidate}")):
            return candidate
    raise RuntimeError(f"no free port in {port}-{port + 49}")


class Replica:
    """A hot standby of the local cluster in a temporary directory."""

    def __init__(self, port, settings, wait, log_copy):
        self.port = free_port(port)
        self.settings = settings
        self.wait = wait
        self.log_copy = log_copy
        self.dir = self.data = None  # made by start()
        self.name = f"lt_bench_replica_{self.port}"
        self.process_started = False
        self.slot_created = False
        self.basebackup = None

    def _command(self, *command):
        command = list(map(str, command))
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def connect_args(self):
        return {"host": str(self.dir), "port": self.port}

    def start(self):
        size = int(query("SELECT sum(pg_database_size(oid)) FROM pg_database")[0][0])
        parent = self._parent_dir(size)
        self.dir = Path(tempfile.mkdtemp(prefix="lt_replica_", dir=parent))
        self.data = self.dir / "data"
        print(
            f"replica: copying the whole cluster ({size / 2**30:.1f} GiB in databases) "
            f"into {self.dir}"
        )
        self._drop_slot()  # of an earlier run killed hard
        started = time.time()
        self.slot_created = True
        # its own process group: pg_basebackup forks a child streaming the WAL, stopped with it
        self.basebackup = subprocess.Popen(
            [
                PG_BIN / "pg_basebackup",
                "-D",
                self.data,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",  # a throwaway copy (as its fsync = off)
                # a slot keeps on the primary the WAL written from the start of the copy until
                # the replica streams it (without one, a busy primary may recycle it first:
                # "requested WAL segment ... has already been removed"); dropped by stop()
                "-C",
                "-S",
                self.name,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        _out, err = self.basebackup.communicate(timeout=1800)
        if self.basebackup.returncode:
            raise RuntimeError(f"pg_basebackup failed: {err.strip()}")
        copied = time.time() - started
        settings = "".join(
            f"{name} = {self.settings[name]}\n"
            for name in STANDBY_MINIMUMS
            if name in self.settings
        )
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\n"
            "listen_addresses = ''\n"
            f"unix_socket_directories = '{self.dir}'\n"
            f"cluster_name = '{self.name}'\n"  # the application_name of its WAL receiver
            "hot_standby = on\n"
            # Odoo's long reads are not cancelled by the primary's vacuum
            "hot_standby_feedback = on\n"
            # a throwaway copy, deleted at the end: no fsync (nor the sync of the whole
            # data directory at its start)
            "fsync = off\n"
            "shared_buffers = 256MB\n"
            f"{settings}"
            f"hba_file = '{self.dir}/pg_hba.conf'\n"
            f"ident_file = '{self.dir}/pg_ident.conf'\n"
        )
        (self.dir / "pg_hba.conf").write_text("local all all trust\n")
        (self.dir / "pg_ident.conf").write_text("")
        for stale in ("postmaster.pid", "postmaster.opts"):
            (self.data / stale).unlink(missing_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", self.dir], check=True)
        self.dir.chmod(0o755)
        self.data.chmod(0o700)
        self.process_started = True
        print(f"replica: copied in {copied:.0f} s ({self._size() / 2**30:.1f} GiB), starting")
        subprocess.run(
            self._command(
                PG_BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "replica.log", "-W", "start"
            ),
            check=True,
            timeout=60,
            stdout=subprocess.DEVNULL,
        )
        self._wait_streaming(started)
        print(
            f"replica: streaming {time.time() - started:.0f} s after the start of the copy, "
            f"socket {self.dir} port {self.port}"
        )

    @staticmethod
    def _parent_dir(size):
        """Memory (/dev/shm) when there is room to spare: the copy, the replica's start and
        the deletion of its files take seconds there instead of minutes on a busy disk."""
        needed = size * 1.2 + 2 * 2**30
        available = 0
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
        shm = Path("/dev/shm")
        if shm.is_dir() and shutil.disk_usage(shm).free > needed and available > needed + size:
            return shm
        parent = Path(tempfile.gettempdir())
        if shutil.disk_usage(parent).free < needed:
            raise RuntimeError(f"not enough free space for a copy of the cluster in {parent}")
        return parent

    def _size(self):
        return sum(path.stat().st_size for path in self.data.rglob("*") if path.is_file())

    def _wait_streaming(self, started):
        """Until the replica answers queries (consistent: the WAL written during the copy
        replayed) and the primary lists it as streaming."""
        deadline = time.time() + self.wait
        while time.time() < deadline:
            rows = query(
                "SELECT state FROM pg_stat_replication WHERE application_name = %s", (self.name,)
            )
            if rows and rows[0][0] == "streaming":
                try:
                    query("SELECT 1", **self.connect_args())
                    return
                except psycopg2.OperationalError:
                    pass  # not consistent yet
            time.sleep(2)
        raise RuntimeError(
            f"the replica is not streaming and answering {self.wait} s after its start "
            f"({time.time() - started:.0f} s after the start of the copy), see its log"
        )

    def lag(self):
        """Replay lag seen by the primary (s): how far behind the replica answers."""
        rows = query(
            "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag), 0) FROM pg_stat_replication "
            "WHERE application_name = %s",
            (self.name,),
        )
        return float(rows[0][0]) if rows else None

    def stop(self):
        if self.basebackup and self.basebackup.poll() is None:
            os.killpg(self.basebackup.pid, signal.SIGTERM)
            self.basebackup.wait(30)
            print("replica: copy interrupted")
        if self.process_started:
            for mode in ("fast", "immediate"):
                result = subprocess.run(
                    self._command(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"),
                    check=False,
                    timeout=120,
                    capture_output=True,
                )
                if not result.returncode:
                    break
            print("replica: stopped")
            log = self.dir / "replica.log"
            if log.exists():
                shutil.copy(log, self.log_copy)
                print(f"replica: its log is in {self.log_copy}")
        if self.slot_created:
            self._drop_slot()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _drop_slot(self):
        deadline = time.time() + 30  # the primary's WAL sender may outlive the replica a moment
        while True:
            rows = query(
                "SELECT active FROM pg_replication_slots WHERE slot_name = %s", (self.name,)
            )
            if not rows:
                return
            if not rows[0][0]:
                break
            if time.time() > deadline:
                query(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    "WHERE slot_name = %s",
                    (self.name,),
                )
                time.sleep(2)
                break
            time.sleep(1)
        query("SELECT pg_drop_replication_slot(%s)", (self.name,))
        print(f"replica: dropped the replication slot {self.name} on the primary")


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
        if "proxy" in args.via:  # a proxy is put in front: trust its X-Forwarded-* headers
            command.append("--proxy-mode")
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
        wait_until_answering(
            f"{self.url}/web/login", self.process, 180, "Odoo", hint=f", see {args.logfile}"
        )

    def check_websocket(self, cookies, port=None):
        """The gevent process answers the bus's websocket (the scanner's live updates),
        directly or through the proxy listening on ``port``."""
        url = f"ws://127.0.0.1:{port or self.args.port + 3}/websocket"
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        deadline = time.time() + 90  # the gevent process starts after the workers
        while True:
            try:
                # the gevent process loads the registry at its first request
                websocket.create_connection(url, timeout=60, cookie=cookie).close()
            except ConnectionRefusedError as error:
                if time.time() > deadline:
                    return f"{url}: no websocket ({error})"
                time.sleep(2)
            except (OSError, websocket.WebSocketException) as error:
                return f"{url}: no websocket ({error})"
            else:
                return f"{url}: websocket open (gevent process up)"

    def stop(self):
        stop_process_group(self.process)


class Proxy:
    """HAProxy (Debian's ``haproxy``) in front of the prefork server, as Odoo is served in
    production: it takes every client connection (its own listen queue is large), sends
    ``/websocket`` to the gevent port and the rest to the workers, never more than
    ``--proxy-maxconn`` (default: the number of workers) at once, and queues the others
    itself (``timeout queue``), with whole requests (``http-buffer-request``). Odoo's own
    queue (8 connections per worker) then never overflows: no dropped connection, no
    *Request timed out*."""

    def __init__(self, args, server):
        self.args = args
        self.server = server
        self.port = args.proxy_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = None
        self.process = None

    def config(self):
        args = self.args
        return "\n".join(
            [
                "global",
                "    maxconn 4096",
                "defaults",
                "    mode http",
                "    option http-buffer-request",
                "    option forwardfor",
                "    timeout connect 5s",
                f"    timeout client {TIMEOUT * 2}s",
                f"    timeout server {TIMEOUT * 2}s",
                f"    timeout queue {TIMEOUT}s",
                "    timeout tunnel 1h",
                "frontend odoo",
                f"    bind 127.0.0.1:{self.port}",
                "    use_backend bus if { path_beg /websocket }",
                "    default_backend workers",
                "backend workers",
                f"    server odoo 127.0.0.1:{args.port} maxconn {args.proxy_maxconn}",
                "backend bus",
                f"    server gevent 127.0.0.1:{args.port + 3}",
                "",
            ]
        )

    def start(self):
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(binary).exists():
            raise RuntimeError("haproxy not found: apt-get install haproxy")
        self.dir = tempfile.mkdtemp(prefix="lt_bench_haproxy_")
        config = Path(self.dir) / "haproxy.cfg"
        config.write_text(self.config())
        check = subprocess.run(
            [binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True, check=False
        )
        if check.returncode:
            raise RuntimeError(f"haproxy refused its configuration: {check.stderr.strip()}")
        self.process = subprocess.Popen(
            [binary, "-db", "-f", str(config)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_answering(f"{self.url}/web/login", self.process, 30, "haproxy", pause=0.5)

    def check_websocket(self, cookies):
        return self.server.check_websocket(cookies, port=self.port)

    def stop(self):
        stop_process_group(self.process, 10)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


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
    with closing(psycopg2.connect(dbname=database)) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT id, name FROM stock_lot WHERE name ~ '^(RAW|L1|L2|FIN)-' ORDER BY id")
        lots = cr.fetchall()
    rng = random.Random(7)
    return rng.sample(lots, min(5000, len(lots))), [
        lot for lot in lots if lot[1].startswith(("L2-", "FIN-"))
    ]


def log_errors(logfile, offset):
    """ERROR / CRITICAL lines Odoo logged since ``offset`` (bytes) of its log file."""
    with open(logfile, errors="replace") as file:
        file.seek(offset)
        return [line.rstrip() for line in file if " ERROR " in line or " CRITICAL " in line]


def print_report(args, label, load_before, results, errors, xacts):
    print(
        f"{label}: {args.workers} workers, {args.scanners} scanners + {args.traces} trace "
        f"screens for {args.duration} s (think time {args.think} s) on {args.database}; "
        f"load average before "
        f"{load_before}, after {load_average()} ({os.cpu_count()} cores)"
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
        for message, count in Counter(errors[kind]).most_common(5):
            print(f"  {kind} error ({count}x): {message}")
    calls = len(results["scanner"]) + len(errors["scanner"]) + 2 * len(results["trace"])
    print(
        f"transactions on {args.database} during the run: "
        + ", ".join(f"{where} {count}" for where, count in xacts.items())
        + f" (for about {calls} HTTP calls: a lookup is one, a trace screen two)"
    )


def run_load(server, args, label, replica=None):
    scan_lots, trace_lots = pick_lots(args.database)
    results = {"scanner": [], "trace": []}
    errors = {"scanner": [], "trace": []}
    lock = threading.Lock()
    start_barrier = threading.Barrier(args.scanners + args.traces + 1)
    stop_at = [0.0]
    cookies = Client(server.url, args).session.cookies
    print(f"\n{label}: {server.check_websocket(cookies)}")

    def worker(kind, seed):
        rng = random.Random(seed)
        client = Client(server.url, args, cookies)
        start_barrier.wait()
        while time.time() < stop_at[0]:
            if args.think:
                time.sleep(rng.uniform(0, 2 * args.think))
                if time.time() >= stop_at[0]:
                    break
            started = time.perf_counter()
            try:
                if kind == "scanner":
                    client.scanner_lookup(rng.choice(scan_lots)[1])
                else:
                    client.trace_screen(rng.choice(trace_lots)[0])
            except Exception as error:  # every failure is counted
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
    log_offset = os.path.getsize(args.logfile)
    xacts_before = {"primary": xact_count(args.database)}
    if replica:
        xacts_before["replica"] = xact_count(args.database, **replica.connect_args())
    load_before = load_average()
    overflows = listen_overflows()
    stop_at[0] = time.time() + 10**6  # set once every client is ready
    for thread in threads:
        thread.start()
    start_barrier.wait()
    stop_at[0] = time.time() + args.duration
    for thread in threads:
        thread.join(args.duration + TIMEOUT + 10)
    time.sleep(1)  # backends report their statistics within a second
    xacts = {"primary": xact_count(args.database) - xacts_before["primary"]}
    if replica:
        xacts["replica"] = (
            xact_count(args.database, **replica.connect_args()) - xacts_before["replica"]
        )
    print_report(args, label, load_before, results, errors, xacts)
    print(
        f"connections dropped by full accept queues on this machine during the run: "
        f"{listen_overflows() - overflows} (TcpExtListenOverflows)"
    )
    odoo_errors = log_errors(args.logfile, log_offset)
    print(f"Odoo log: {len(odoo_errors)} ERROR/CRITICAL lines")
    for line in odoo_errors[:5]:
        print(f"  {line[:300]}")
    return results, errors


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--port", type=int, default=8251, help="HTTP; gevent: port + 3")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--scanners", type=int, default=50)
    parser.add_argument("--traces", type=int, default=5)
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds each client waits between two requests (0: back to back)",
    )
    parser.add_argument("--replica", action="store_true", help="also measure with a replica")
    parser.add_argument(
        "--replica-only", action="store_true", help="with a replica only (no run without)"
    )
    parser.add_argument(
        "--allow-replication-setup",
        action="store_true",
        help="add the replication entries to the primary's pg_hba.conf if missing (and reload); "
        "taken out again at the end",
    )
    parser.add_argument("--replica-port", type=int, default=5433, help="or the next free one")
    parser.add_argument(
        "--replica-wait",
        type=int,
        default=900,
        help="seconds the started replica may take to replay the copy's WAL and stream",
    )
    parser.add_argument(
        "--via",
        default="direct",
        help="comma-separated: direct (clients talk to Odoo's workers), proxy (through HAProxy "
        "queueing at --proxy-maxconn connections to the workers); each mode is one run",
    )
    parser.add_argument("--proxy-port", type=int, default=8260)
    parser.add_argument(
        "--proxy-maxconn", type=int, default=0, help="connections to Odoo (default: --workers)"
    )
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument(
        "--time-limit", type=int, default=2400, help="seconds; then everything is stopped"
    )
    parser.add_argument("--logfile", default=str(ROOT / "bench" / "results" / "bench_load.log"))
    args = parser.parse_args()
    args.replica = args.replica or args.replica_only
    args.via = [via.strip() for via in args.via.split(",") if via.strip()]
    if not args.via or set(args.via) - {"direct", "proxy"}:
        parser.error("--via: direct, proxy or both")
    args.proxy_maxconn = args.proxy_maxconn or args.workers
    return args


def main():
    args = parse_args()
    Path(args.logfile).parent.mkdir(parents=True, exist_ok=True)
    Path(args.logfile).touch()

    def stop(signum, frame):
        raise TimeLimit("time limit reached" if signum == signal.SIGALRM else f"signal {signum}")

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, stop)
    signal.alarm(args.time_limit)
    server = replica = setup = proxy = None

    def run_modes(label):
        nonlocal proxy
        for via in args.via:
            front = server
            if via == "proxy":
                proxy = Proxy(args, server)
                proxy.start()
                front = proxy
            run_load(front, args, f"{label}, {via}", replica)
            cleanup(proxy)
            proxy = None

    try:
        if not args.replica_only:
            server = Server(args)
            server.start()
            run_modes("without replica")
            server.stop()
        if args.replica:
            setup = ReplicationSetup(args.allow_replication_setup)
            try:
                setup.check()
                replica = Replica(
                    args.replica_port,
                    setup.settings,
                    args.replica_wait,
                    Path(args.logfile).with_name("bench_load_replica.log"),
                )
                replica.start()
            except (RuntimeError, OSError, psycopg2.Error, subprocess.SubprocessError) as error:
                print(f"\nwith replica: not measured: {error}")
                return 1
            server = Server(args, replica)
            server.start()
            run_modes("with replica")
            print(f"replica replay lag at the end: {replica.lag()} s")
    except (KeyboardInterrupt, TimeLimit) as error:
        print(f"\nstopped: {error or 'Ctrl-C'}")
        return 1
    finally:
        signal.alarm(0)
        for thing in (proxy, server, replica, setup):
            cleanup(thing)
    return 0


def cleanup(thing):
    """Stop ``thing`` (server, replica) or undo it (pg_hba.conf entries); a failure is
    printed and does not keep the next ones from being cleaned up."""
    if thing is None:
        return
    try:
        if isinstance(thing, ReplicationSetup):
            thing.undo()
        else:
            thing.stop()
    except Exception as error:  # reported, then the next cleanup
        print(f"cleanup of {type(thing).__name__} failed: {error!r}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
