"""Real databases for tests: a fresh SQLite file, and a throwaway PostgreSQL cluster on a free port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them off the PATH), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a private PostgreSQL on 127.0.0.1 and yield its URL; stop and delete it afterwards."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs it (Debian package postgresql)")
    data = Path(tempfile.mkdtemp(prefix="pc-pg-"))
    port = _free_port()
    # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(data, "postgres")
    try:
        subprocess.run(
            [*run_as, str(binaries / "initdb"), "-D", str(data / "db"), "-U", "practice", "--auth=trust"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
        subprocess.run(
            [
                *run_as,
                str(binaries / "pg_ctl"),
                "-D",
                str(data / "db"),
                "-o",
                options,
                "-w",
                "-l",
                str(data / "log"),
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        _wait(port)
        createdb = [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "practice", "practice"]
        subprocess.run([*run_as, *createdb], check=True, capture_output=True, timeout=60)
        yield f"postgresql+psycopg2://practice@127.0.0.1:{port}/practice"
    finally:
        subprocess.run(
            [*run_as, str(binaries / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(data, ignore_errors=True)


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL did not start on port {port}")


@contextmanager
def redis_server() -> Iterator[str]:
    """Start a private Redis on 127.0.0.1 (nothing saved to disk) and yield its URL; stop it afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("Redis is not installed: `make test` installs it (Debian package redis-server)")
    data = Path(tempfile.mkdtemp(prefix="pc-redis-"))
    port = _free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(data)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)
