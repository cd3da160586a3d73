"""A JupyterLab server for the tests, as the README starts it: on 127.0.0.1, with a token, isolated config."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

STARTUP_TIMEOUT_S = 60.0
POLL_INTERVAL_S = 0.5
STOP_TIMEOUT_S = 30.0


def free_loopback_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, token: str) -> dict:
    """GET a Jupyter REST endpoint with the token; return the decoded JSON body."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _wait_for_contents(base_url: str, token: str, server: subprocess.Popen, log: Path) -> None:
    """Poll ``/api/contents`` until the server answers (at most STARTUP_TIMEOUT_S)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited with status {server.returncode}:\n{log.read_text()}")
        try:
            get_json(f"{base_url}/api/contents", token)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(POLL_INTERVAL_S)
    pytest.fail(f"jupyter lab did not answer within {STARTUP_TIMEOUT_S:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def running_lab(root: Path, tmp_path: Path, *options: str) -> Iterator[tuple[str, str]]:
    """Run ``jupyter lab ROOT [OPTIONS]`` (this venv's, its settings included) until the block ends;
    yield (base URL, token).

    The user's Jupyter config and runtime files stay out of the test (and the test out of them).
    """
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed: `make venv` installs it (dev extra)")
    port, token = free_loopback_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    command = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        str(root),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        *options,
    ]
    if os.geteuid() == 0:  # CI containers run as root, which Jupyter refuses without this flag
        command.append("--allow-root")
    log = tmp_path / "jupyter.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_contents(base_url, token, server, log)
        yield base_url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
