"""A throwaway PostgreSQL server for tests and benchmarks.

``PostgresServer`` initialises a cluster in a temporary folder, starts it on 127.0.0.1 on a free
port with trust authentication, and removes everything on ``stop()``. PostgreSQL refuses to run as
root, so when the tests run as root (as CI does) the server runs as the ``postgres`` OS user, which
Debian's packages create.

Run it by hand to get a server for a baked project:

    python tests/postgres.py        # prints DATABASE_URL=..., serves until Ctrl-C or kill
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Self

SERVER_USER = "postgres"  # the OS user that owns the data directory when we are root


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed on this machine."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: on PATH, or the newest Debian install."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise PostgresUnavailable(
            "PostgreSQL server programs not found (initdb). Install them, e.g. "
            "`apt-get install postgresql`, or put their folder on PATH."
        )
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Throwaway:
    """A server started for a while: ``with Server(...) as server:`` calls its ``start()``, then
    its ``stop()``."""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class PostgresServer(Throwaway):
    def __init__(self, max_connections: int = 100, durable: bool = False) -> None:
        """``durable=False`` turns off fsync: faster tests, but numbers unlike a real server's."""
        self.bindir = find_bindir()
        self.port = free_port()
        self.max_connections = max_connections
        self.durable = durable
        self.as_root = os.geteuid() == 0
        self.workdir = Path(tempfile.mkdtemp(prefix="template-pg-"))
        self.datadir = self.workdir / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self) -> Self:
        if self.as_root:
            shutil.chown(self.workdir, user=SERVER_USER)
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.workdir} -c max_connections={self.max_connections}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.datadir), "-o", options, "-l", str(self.workdir / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        try:
            if (self.datadir / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


def serve_until_stopped() -> None:
    """Serve until Ctrl-C or SIGTERM (e.g. `kill`), then stop the server and remove its files."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with PostgresServer() as server:
        print(f"DATABASE_URL={server.url}", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    serve_until_stopped()
