"""Stoplight Prism: the mock server that serves the official SP-API models
and validates every request against them (``--errors``: a request that breaks
the model gets a 4xx with ``sl-violations``, never a silent example).

Installed from npm into the project's ``.oms/node`` (git-ignored) by
:func:`ensure_prism`, or found as ``$OMS_PRISM`` or on the PATH. Test tooling,
never imported by the addons' runtime code.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NODE_DIR = REPO / ".oms" / "node"
PACKAGE = "@stoplight/prism-cli@5"
START_TIMEOUT = 90.0


def find_prism():
    """Path of the prism executable, or None."""
    candidates = [
        os.environ.get("OMS_PRISM"),
        str(NODE_DIR / "node_modules" / ".bin" / "prism"),
        shutil.which("prism"),
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_prism(install=True):
    """(path, reason): the prism executable, installing it when missing and
    npm is there; path None and the reason when it cannot be had."""
    found = find_prism()
    if found or not install:
        return found, "" if found else "prism is not installed"
    npm = shutil.which("npm")
    if not npm:
        return None, "npm is not installed: cannot install %s" % PACKAGE
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    package_json = NODE_DIR / "package.json"
    if not package_json.exists():
        package_json.write_text('{"private": true}\n')
    try:
        subprocess.run(
            [npm, "install", "--ignore-scripts", "--no-audit", "--no-fund", PACKAGE],
            cwd=NODE_DIR,
            check=True,
            capture_output=True,
            timeout=900,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return None, "npm install %s failed: %s" % (PACKAGE, exc)
    found = find_prism()
    return found, "" if found else "prism not found after npm install"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrismMock:
    """``prism mock --errors <spec>`` on a free loopback port."""

    def __init__(self, spec, executable=None, port=0):
        self.spec = str(spec)
        self.executable = executable or find_prism()
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return "http://127.0.0.1:%s" % self.port

    def start(self):
        if not self.executable:
            raise RuntimeError("prism is not installed")
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.executable,
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--errors",
                self.spec,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("prism exited with %s" % self.process.returncode)
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)  # noqa: S310
                return self
            except urllib.error.HTTPError:
                return self  # any HTTP answer: it is up
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("prism did not start in %s s" % START_TIMEOUT)

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(5)
        self.process = None


if __name__ == "__main__":
    path, reason = ensure_prism()
    print(path or reason)
