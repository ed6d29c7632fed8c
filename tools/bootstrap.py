"""Odoo 18 in a project-local virtualenv, for machines where it is not importable.

Standard library only. `make test`, `make run` and `make bench` call `odoo_python()`:

1. `ODOO_PYTHON` (an interpreter that imports Odoo 18) wins when set;
2. else the running interpreter, when it imports Odoo 18;
3. else the virtualenv `.oms/venv`, built on first use and reused afterwards:
   Odoo 18.0 Community from `ODOO_SOURCE` (a folder, a .tar.xz/.tar.gz/.tgz/.zip
   archive, or a git URL, `URL#branch`; default: the official 18.0 branch), its
   requirements.txt (python-ldap optional), OCA queue_job 18.0, this checkout's
   oms-domain and the test requirements.

Each step prints one progress line; a failing step says what failed and what to do.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from pathlib import Path

from omsenv import QUEUE_JOB_REQUIREMENT, REPO, STATE_DIR, probe_odoo, say

DEFAULT_SOURCE = "https://github.com/odoo/odoo#18.0"
VENV = STATE_DIR / "venv"
SOURCE_DIR = STATE_DIR / "odoo-src"
MARKER = "oms-bootstrap.json"
# old sdists of Odoo's pinned requirements do not build with newer setuptools
BUILD_CONSTRAINTS = "setuptools<70\n"
OPTIONAL_REQUIREMENTS = ("python-ldap",)
# gevent 22 loads its plugins through pkg_resources, which does not find the
# newest zope wheels (normalized metadata names, zope_event-5.1.1.dist-info):
# a prefork server's websocket process (make run WORKERS=n) would not start
RUNTIME_PINS = ("zope.event<5.1", "zope.interface<8")
ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".zip")


class BootstrapError(SystemExit):
    """A step failed; the message says which and what to do."""


# --------------------------------------------------------------------------- entry


def odoo_python():
    """Path of a Python interpreter that imports Odoo 18, bootstrapping if needed."""
    wanted = os.environ.get("ODOO_PYTHON")
    if wanted:
        return wanted
    if probe_odoo(sys.executable)[0]:
        return sys.executable
    return ensure_venv()


def venv_python(root=VENV):
    return Path(root) / "bin" / "python"


def source_spec():
    return os.environ.get("ODOO_SOURCE") or DEFAULT_SOURCE


def source_kind(spec):
    """'folder', 'archive' or 'git' for an ODOO_SOURCE value."""
    if "://" in spec or spec.startswith("git@") or spec.endswith(".git"):
        if spec.split("#", 1)[0].endswith(ARCHIVE_SUFFIXES) and not spec.startswith(
            ("git@", "git+")
        ):
            raise BootstrapError(
                "odoo bootstrap: ODOO_SOURCE is a URL of an archive; download it and "
                "set ODOO_SOURCE to the file"
            )
        return "git"
    path = Path(spec).expanduser()
    if path.is_dir():
        return "folder"
    if path.is_file() and spec.endswith(ARCHIVE_SUFFIXES):
        return "archive"
    raise BootstrapError(
        f"odoo bootstrap: ODOO_SOURCE={spec!r} is neither a folder, an archive "
        f"({', '.join(ARCHIVE_SUFFIXES)}) nor a git URL"
    )


def source_stamp(spec):
    """What identifies the source: a new stamp rebuilds the virtualenv."""
    kind = source_kind(spec)
    if kind == "archive":
        stat = Path(spec).stat()
        return f"archive:{Path(spec).resolve()}:{stat.st_size}:{int(stat.st_mtime)}"
    if kind == "folder":
        return f"folder:{Path(spec).resolve()}"
    return f"git:{spec}"


def requirements_digest():
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements-test.txt"):
        digest.update((REPO / name).read_bytes())
    digest.update(QUEUE_JOB_REQUIREMENT.encode())
    digest.update(" ".join(RUNTIME_PINS).encode())
    return digest.hexdigest()[:16]


def read_marker(root=VENV):
    try:
        return json.loads((Path(root) / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def ensure_venv(root=VENV):
    """Reuse the virtualenv when it still serves, else build it.

    Without ODOO_SOURCE any virtualenv built before serves (no new download);
    with it, only one built from that same source.
    """
    marker = read_marker(root)
    python = venv_python(root)
    explicit = os.environ.get("ODOO_SOURCE")
    spec = explicit or marker.get("spec") or DEFAULT_SOURCE
    stamp = source_stamp(spec)
    if python.exists() and marker.get("source") == stamp:
        if marker.get("requirements") != requirements_digest():
            _step("project requirements changed", lambda: _install_project(python))
            _write_marker(root, spec)
        if probe_odoo(str(python))[0]:
            say(f"odoo bootstrap: reusing {_rel(root)} (Odoo from {spec})")
            return str(python)
    build_venv(spec, root)
    _write_marker(root, spec)
    return str(python)


# --------------------------------------------------------------------------- steps


def build_venv(spec, root=VENV):
    start = time.monotonic()
    root = Path(root)
    say(f"odoo bootstrap: Odoo 18 is not importable; building {_rel(root)} from {spec}")
    kind = source_kind(spec)
    steps = 6
    # the source first: a failed download leaves a working virtualenv in place
    src = _step(f"[1/{steps}] Odoo source ({kind})", lambda: _get_source(spec, kind))
    _step(
        f"[2/{steps}] virtualenv {_rel(root)} ({sys.version.split()[0]})",
        lambda: _make_venv(root),
    )
    python = venv_python(root)
    _step(
        f"[3/{steps}] Odoo's requirements.txt (python-ldap optional)",
        lambda: _install_odoo_requirements(python, src),
    )
    _step(
        f"[4/{steps}] Odoo itself, editable from {_rel(src)}",
        lambda: _pip(
            python,
            ["--no-deps", "-e", str(src), "--config-settings", "editable_mode=compat"],
        ),
    )
    _step(
        f"[5/{steps}] OCA {QUEUE_JOB_REQUIREMENT}",
        lambda: _pip(python, ["--no-deps", QUEUE_JOB_REQUIREMENT]),
    )
    _step(
        f"[6/{steps}] oms-domain and the test requirements",
        lambda: _install_project(python),
    )
    info, reason = probe_odoo(str(python))
    if not info:
        raise BootstrapError(
            f"odoo bootstrap: the new virtualenv does not import Odoo 18: {reason}\n"
            f"remove {_rel(root)} and run again, or set ODOO_PYTHON"
        )
    say(f"odoo bootstrap: done in {time.monotonic() - start:.0f}s")


def _step(title, action):
    say(f"odoo bootstrap: {title}")
    start = time.monotonic()
    try:
        result = action()
    except BootstrapError:
        raise
    except (OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
        raise BootstrapError(f"odoo bootstrap: {title} failed: {exc}") from exc
    elapsed = time.monotonic() - start
    if elapsed >= 5:
        say(f"odoo bootstrap:   ({elapsed:.0f}s)")
    return result


def _make_venv(root):
    if root.exists():
        shutil.rmtree(root)
    venv.EnvBuilder(with_pip=True, symlinks=True).create(root)


def _get_source(spec, kind):
    if kind == "folder":
        src = Path(spec).expanduser().resolve()
    else:
        # fetched beside the old tree, swapped in only once complete
        SOURCE_DIR.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="odoo-src-", dir=SOURCE_DIR.parent))
        try:
            if kind == "archive":
                _unpack(Path(spec).expanduser(), tmp)
            else:
                _clone(spec, tmp / "odoo")
            shutil.rmtree(SOURCE_DIR, ignore_errors=True)
            tmp.rename(SOURCE_DIR)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        src = SOURCE_DIR
    src = _source_root(src)
    if not (src / "odoo" / "release.py").is_file():
        raise BootstrapError(
            f"odoo bootstrap: {spec} does not hold an Odoo source tree "
            "(no odoo/release.py)"
        )
    return src


def _unpack(archive, target):
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
    else:
        with tarfile.open(archive) as tarred:
            tarred.extractall(target, filter="data")


def _clone(spec, target):
    url, _sep, branch = spec.partition("#")
    url = url.removeprefix("git+")
    cmd = ["git", "clone", "-q", "--depth", "1", "--branch", branch or "18.0"]
    proc = subprocess.run([*cmd, url, str(target)], capture_output=True, text=True)
    if proc.returncode:
        raise BootstrapError(
            f"odoo bootstrap: git clone {url} failed: {proc.stderr.strip()[-400:]}\n"
            "without internet, set ODOO_SOURCE to an Odoo 18 source folder or archive"
        )


def _source_root(path):
    """The folder holding odoo/release.py: an archive may wrap it in one folder."""
    if (path / "odoo" / "release.py").is_file():
        return path
    children = [child for child in path.iterdir() if child.is_dir()]
    if len(children) == 1 and (children[0] / "odoo" / "release.py").is_file():
        return children[0]
    return path


def _install_odoo_requirements(python, src):
    lines = (src / "requirements.txt").read_text().splitlines()
    required, optional = [], []
    for line in lines:
        name = line.split("#", 1)[0].split(";", 1)[0].split("=", 1)[0].strip().lower()
        (optional if name in OPTIONAL_REQUIREMENTS else required).append(line)
    with tempfile.TemporaryDirectory() as tmp:
        reqs = Path(tmp) / "requirements.txt"
        reqs.write_text("\n".join(required) + "\n")
        _pip(python, ["-r", str(reqs)])
        for line in optional:
            if not line.split("#", 1)[0].strip():
                continue
            opt = Path(tmp) / "optional.txt"
            opt.write_text(line + "\n")
            if not _pip(python, ["-r", str(opt)], check=False):
                name = line.split("=", 1)[0].strip()
                say(
                    f"odoo bootstrap:   {name} skipped (optional; needs system headers)"
                )


def _install_project(python):
    _pip(
        python,
        ["--no-deps", "-e", str(REPO), "--config-settings", "editable_mode=compat"],
    )
    _pip(python, ["-r", str(REPO / "requirements-test.txt"), *RUNTIME_PINS])


def _pip(python, args, check=True):
    """pip install in the virtualenv, old sdists built with setuptools<70."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(BUILD_CONSTRAINTS)
    env = dict(
        os.environ, PIP_CONSTRAINT=handle.name, PIP_DISABLE_PIP_VERSION_CHECK="1"
    )
    env.pop("PYTHONPATH", None)
    cmd = [str(python), "-m", "pip", "install", "-q", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    finally:
        os.unlink(handle.name)
    if proc.returncode and check:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise BootstrapError(
            f"{tail}\nodoo bootstrap: pip install {' '.join(args)} failed (above).\n"
            "Install the missing system package it names (e.g. libpq-dev for "
            "psycopg2), then run again; or set ODOO_PYTHON to a Python with Odoo 18."
        )
    return proc.returncode == 0


def _write_marker(root, spec):
    data = {
        "spec": spec,
        "source": source_stamp(spec),
        "requirements": requirements_digest(),
        "python": sys.version.split()[0],
        "built": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    (Path(root) / MARKER).write_text(json.dumps(data, indent=1) + "\n")


def _rel(path):
    path = Path(path)
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # python3 tools/bootstrap.py: build or reuse, print path
    print(odoo_python())
