"""A throwaway PgBouncer in transaction pooling mode, in front of a ``PostgresServer``.

``PgBouncer(server)`` writes a configuration to a temporary folder, starts Debian's ``pgbouncer``
on 127.0.0.1 on a free port (as the ``postgres`` OS user when we are root: PgBouncer refuses to run
as root), and forwards every database name to the server. Transaction pooling is the mode that
breaks session state, and with it prepared statements: a client's next transaction may run on
another server connection.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

from tests.postgres import SERVER_USER, PostgresServer, Throwaway, free_port


class PgBouncerUnavailable(RuntimeError):
    """PgBouncer is not installed on this machine."""


CONFIG = """\
[databases]
* = host=127.0.0.1 port={server_port} user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
logfile = {workdir}/pgbouncer.log
pidfile = {workdir}/pgbouncer.pid
"""


class PgBouncer(Throwaway):
    def __init__(self, server: PostgresServer) -> None:
        self.program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not os.path.exists(self.program):
            raise PgBouncerUnavailable("pgbouncer not found: install it, e.g. `apt-get install pgbouncer`.")
        self.server = server
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="template-pgbouncer-"))
        self.process: subprocess.Popen | None = None

    def database_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> Self:
        config = self.workdir / "pgbouncer.ini"
        config.write_text(CONFIG.format(server_port=self.server.port, port=self.port, workdir=self.workdir))
        command = [self.program, str(config)]
        if os.geteuid() == 0:
            shutil.chown(self.workdir, user=SERVER_USER)
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._wait_until_listening()
        return self

    def _wait_until_listening(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited: {self.process.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"pgbouncer did not listen on port {self.port} within {timeout} s")

    def stop(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
