# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The servers a benchmark starts (Odoo's prefork server, HAProxy): waited for until they
answer, stopped with their whole process group."""

import os
import signal
import subprocess
import time

import requests


def wait_until_answering(url, process, seconds, name, pause=1.0, hint=""):
    """Return when ``GET url`` answers 200; RuntimeError when ``process`` exits first or
    after ``seconds``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited ({process.returncode}){hint}")
        time.sleep(pause)
    raise RuntimeError(f"{name} did not answer within {seconds} s")


def stop_process_group(process, seconds=30):
    """SIGTERM to the group of ``process`` (started with ``start_new_session=True``), SIGKILL
    after ``seconds``."""
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
