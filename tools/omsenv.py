"""Shared plumbing of the developer commands (make test, make run, make lint).

Standard library only: it must run on a clean machine with nothing but python3 and
pip. It finds Odoo 18, builds the addons path, makes sure PostgreSQL answers and
that a database role Odoo accepts exists.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("OMS_STATE_DIR") or REPO / ".oms")
QUEUE_JOB_REQUIREMENT = "odoo-addon-queue-job>=18.0,<18.1"

# --------------------------------------------------------------------------- output


def say(msg=""):
    print(msg, flush=True)


def fix_stdout():
    """Make sure messages with non-ASCII characters print whatever the locale."""
    for stream in (sys.stdout, sys.stderr):
        if (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")


# --------------------------------------------------------------------------- addons


def read_addons_txt(path=None):
    """Addon names of addons.txt, in install order (comments and blanks dropped)."""
    path = Path(path or REPO / "addons.txt")
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def own_addons(root=REPO):
    """Addons of addons.txt that live in this repository."""
    root = Path(root)
    return [
        name
        for name in read_addons_txt(root / "addons.txt")
        if (root / name / "__manifest__.py").is_file()
    ]


def addon_test_modules(root=REPO):
    """test_*.py files of our addons' tests/ folders."""
    root = Path(root)
    return sorted(
        path
        for name in own_addons(root)
        for path in (root / name / "tests").glob("test_*.py")
    )


# --------------------------------------------------------------------------- Python


def missing_requirements(requirements_file):
    """Requirement lines of the file that the running Python does not satisfy.

    Understands `name`, `name>=x.y` and `name==x.y` lines, which is all we use.
    """
    missing = []
    for line in Path(requirements_file).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(==|>=)?\s*([0-9.]*)", line)
        name, op, wanted = match.groups()
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(line)
            continue
        if op and not _version_ok(have, op, wanted):
            missing.append(line)
    return missing


def _version_tuple(version):
    return tuple(int(p) for p in re.findall(r"\d+", version)[:4])


def _version_ok(have, op, wanted):
    if op == "==":
        return _version_tuple(have) == _version_tuple(wanted)
    return _version_tuple(have) >= _version_tuple(wanted)


def pip_install(args, python=None):
    """`pip install -q ARGS`; on a distribution-managed Python (PEP 668) retry with
    --user --break-system-packages, which only touches the user's site-packages."""
    python = python or sys.executable
    cmd = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if (
        proc.returncode
        and "externally-managed-environment" in proc.stdout + proc.stderr
    ):
        cmd[5:5] = ["--user", "--break-system-packages"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        say(proc.stdout + proc.stderr)
        raise SystemExit(f"error: {' '.join(cmd)} failed")


def ensure_requirements(requirements_file):
    """Install the requirements file quietly unless every line is already met."""
    missing = missing_requirements(requirements_file)
    if missing:
        say(f"installing {', '.join(missing)}")
        pip_install(["-r", str(requirements_file)])


# --------------------------------------------------------------------------- Odoo

_PROBE = """
import json, os, odoo, odoo.release, odoo.addons
print(json.dumps({
    "version": list(odoo.release.version_info[:2]),
    "package": os.path.dirname(os.path.abspath(odoo.__file__)),
    "addons_paths": [os.path.abspath(p) for p in odoo.addons.__path__],
}))
"""


def probe_odoo(python=None, timeout=120):
    """Describe the importable Odoo, or return (None, reason)."""
    python = python or sys.executable
    try:
        proc = subprocess.run(
            [python, "-c", _PROBE], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"importing odoo took more than {timeout}s"
    if proc.returncode:
        lines = proc.stderr.strip().splitlines()
        return None, lines[-1] if lines else f"exit code {proc.returncode}"
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    if info["version"][0] != 18:
        return None, "odoo %s.%s is importable, not 18" % tuple(info["version"])
    return info, ""


def is_addons_dir(path):
    """True for a folder holding at least one addon (what Odoo accepts)."""
    path = Path(path)
    return path.is_dir() and any(
        (child / "__manifest__.py").is_file()
        for child in path.iterdir()
        if child.is_dir()
    )


def addons_path(info):
    """The repository, Odoo's own addons folders and those where pip puts addons.

    ODOO_ADDONS_PATH (comma-separated) replaces the guess; the repository is
    always kept in front.
    """
    override = os.environ.get("ODOO_ADDONS_PATH")
    if override:
        candidates = [p.strip() for p in override.split(",") if p.strip()]
    else:
        package = Path(info["package"])
        candidates = [
            package / "addons",  # base, web... (odoo/addons)
            package.parent / "addons",  # a source checkout: /opt/odoo-src/addons
            *info["addons_paths"],  # odoo.addons namespace: pip-installed OCA addons
        ]
    paths = [str(REPO)]
    for candidate in candidates:
        candidate = str(Path(candidate).resolve())
        if candidate not in paths and is_addons_dir(candidate):
            paths.append(candidate)
    return paths


def find_addon(name, paths):
    for path in paths:
        if (Path(path) / name / "__manifest__.py").is_file():
            return Path(path) / name
    return None


def _missing_addons(info, paths):
    # Odoo always searches the odoo.addons namespace too, whatever addons_path says
    searched = [*paths, *info["addons_paths"]]
    return [name for name in read_addons_txt() if not find_addon(name, searched)]


def ensure_third_party_addons(info, python=None):
    """Install what addons.txt needs from PyPI; returns the (new) addons path."""
    paths = addons_path(info)
    missing = _missing_addons(info, paths)
    if "queue_job" in missing:
        # --no-deps: the wheel requires the `odoo` distribution, which a source
        # checkout or a Debian package of Odoo does not always register with pip
        say(f"installing {QUEUE_JOB_REQUIREMENT} (--no-deps)")
        pip_install(["--no-deps", QUEUE_JOB_REQUIREMENT], python=python)
        info, _reason = probe_odoo(python)
        paths = addons_path(info)
        missing = _missing_addons(info, paths)
    ensure_oms_domain(python)
    if missing:
        raise SystemExit(
            f"error: addons not found in the addons path: {', '.join(missing)}\n"
            f"addons path: {','.join(paths)} (set ODOO_ADDONS_PATH to change it)"
        )
    return paths


def ensure_oms_domain(python=None):
    """Register the oms-domain distribution that the addons' manifests declare.

    Odoo checks external dependencies by distribution name; an editable install
    of this checkout gives it the metadata while PYTHONPATH keeps serving the code.
    """
    python = python or sys.executable
    probe = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m, oms_domain, os; "
            "m.version('oms-domain'); print(os.path.dirname(oms_domain.__file__))",
        ],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if probe.returncode == 0 and probe.stdout.strip() == str(REPO / "oms_domain"):
        return
    say("installing this checkout's oms-domain package (editable)")
    pip_install(
        ["--no-deps", "-e", str(REPO), "--config-settings", "editable_mode=compat"],
        python=python,
    )


def odoo_command(python=None):
    return [python or sys.executable, "-m", "odoo"]


def odoo_env():
    """Environment of an Odoo process: the repo on PYTHONPATH for oms_domain."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(REPO), env.get("PYTHONPATH", "")] if p
    )
    env.setdefault("TZ", "UTC")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(port, timeout=120, host="127.0.0.1"):
    """True once Odoo answers /web/health on PORT, False after TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            url = f"http://{host}:{port}/web/health"
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(1)
    return False


def start_processes(processes, env, cwd=REPO, logs=None):
    """Start [(role, command, extra env)]; returns [(role, Popen)].

    With LOGS (a folder) each process writes to LOGS/<role>.log, else to ours.
    """
    started = []
    for role, cmd, extra in processes:
        out = open(Path(logs) / f"{role}.log", "w") if logs else None
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env={**env, **extra},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
        )
        if out:
            out.close()  # the child keeps its own descriptor
        started.append((role, proc))
    return started


def interrupt_on_signals():
    """Ctrl-C and SIGTERM raise KeyboardInterrupt, so that `finally` blocks stop
    the processes we started (a background shell may have SIGINT ignored)."""

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def stop_processes(started, timeout=20):
    """SIGTERM each process still running, SIGKILL what outlives TIMEOUT."""
    for _role, proc in started:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for _role, proc in started:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_odoo_conf(path, paths, db, extra_options=None, sections=None):
    """A config file with our settings, so that no ~/.odoorc or ODOO_RC leaks in."""
    options = {
        "addons_path": ",".join(paths),
        "data_dir": str(STATE_DIR / "data"),
        "db_host": db["host"],
        "db_port": db["port"],
        "db_user": db["user"],
        "list_db": "True",
        **(extra_options or {}),
    }
    lines = ["[options]", *(f"{key} = {value}" for key, value in options.items())]
    for section, values in (sections or {}).items():
        lines += [
            "",
            f"[{section}]",
            *(f"{key} = {value}" for key, value in values.items()),
        ]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


# --------------------------------------------------------------------------- PostgreSQL


def db_settings():
    """Connection settings; PGHOST/PGPORT/PGUSER override the local defaults."""
    return {
        "host": os.environ.get("PGHOST") or "127.0.0.1",
        "port": os.environ.get("PGPORT") or "5432",
        "user": os.environ.get("PGUSER") or "odoo",
    }


def _is_local(host):
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("/")


def pg_ready(db):
    if shutil.which("pg_isready"):
        cmd = ["pg_isready", "-q", "-h", db["host"], "-p", db["port"], "-t", "3"]
        return subprocess.run(cmd).returncode == 0
    try:  # no client tools: at least the port must answer
        with socket.create_connection((db["host"], int(db["port"])), timeout=3):
            return True
    except OSError:
        return False


def ensure_postgres(db):
    """Start the local cluster when nothing answers (Debian's pg_ctlcluster)."""
    if pg_ready(db):
        return
    clusters = Path("/etc/postgresql")
    if not (
        _is_local(db["host"]) and clusters.is_dir() and shutil.which("pg_ctlcluster")
    ):
        raise SystemExit(
            f"error: PostgreSQL does not answer on {db['host']}:{db['port']}"
        )
    for version in sorted(p.name for p in clusters.iterdir()):
        say(f"starting PostgreSQL {version}")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
        )
    for _attempt in range(30):
        if pg_ready(db):
            return
        time.sleep(1)
    raise SystemExit(f"error: PostgreSQL did not start on {db['host']}:{db['port']}")


def psql(db, sql, user=None, dbname="postgres"):
    cmd = ["psql", "-X", "-q", "-tA", "-h", db["host"], "-p", db["port"]]
    cmd += ["-U", user or db["user"], "-d", dbname, "-c", sql]
    return subprocess.run(cmd, capture_output=True, text=True)


def ensure_role(db):
    """The role must log in and create databases; Odoo refuses to run as postgres."""
    if db["user"] == "postgres":
        raise SystemExit("error: Odoo refuses the database user postgres; set PGUSER")
    if not shutil.which("psql"):
        say("warning: psql not found; assuming the database role exists")
        return
    check = psql(
        db, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
    )
    if check.returncode == 0 and check.stdout.strip() == "t":
        return
    role = db["user"]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", role):
        raise SystemExit(f"error: cannot create role {role!r}; create it yourself")
    sql = (
        f"DO $$BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN ALTER ROLE {role} LOGIN CREATEDB; "
        f"ELSE CREATE ROLE {role} LOGIN CREATEDB; END IF; END$$"
    )
    say(f"creating database role {role} (LOGIN CREATEDB)")
    proc = psql(db, sql, user="postgres")
    if (
        proc.returncode
        and os.geteuid() == 0
        and _is_local(db["host"])
        and shutil.which("runuser")
    ):
        # root may use the postgres account's peer authentication on the socket
        proc = subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-c", sql],
            capture_output=True,
            text=True,
        )
    if proc.returncode:
        raise SystemExit(
            f"error: cannot create the database role {role}: {proc.stderr.strip()}\n"
            f"create it: CREATE ROLE {role} LOGIN CREATEDB;"
        )


def database_exists(db, name):
    proc = psql(db, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    return proc.stdout.strip() == "1"


def installed_modules(db, name):
    """Names of the modules installed in database NAME."""
    proc = psql(
        db, "SELECT name FROM ir_module_module WHERE state = 'installed'", dbname=name
    )
    return set(proc.stdout.split()) if proc.returncode == 0 else set()


def drop_database(db, name):
    proc = psql(db, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if proc.returncode:  # PostgreSQL < 13
        proc = psql(db, f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(STATE_DIR / "data" / "filestore" / name, ignore_errors=True)
    return proc.returncode == 0


def resolve_odoo_python():
    """(python, "") of an interpreter importing Odoo 18, or (None, reason).

    ODOO_PYTHON wins; then this interpreter; then the project virtualenv that
    tools/bootstrap.py builds from ODOO_SOURCE (OMS_BOOTSTRAP=0 turns that off).
    """
    import bootstrap  # noqa: PLC0415 (bootstrap imports this module)

    if os.environ.get("OMS_BOOTSTRAP") == "0" and not os.environ.get("ODOO_PYTHON"):
        if probe_odoo()[0]:
            return sys.executable, ""
        return None, probe_odoo()[1] + " (OMS_BOOTSTRAP=0: no virtualenv built)"
    try:
        return bootstrap.odoo_python(), ""
    except bootstrap.BootstrapError as exc:
        return None, str(exc.code)


def prepare_odoo(python=None):
    """Everything `make test` and `make run` need before starting Odoo.

    Returns (info, addons path, db settings), or (None, reason, None) when no
    Odoo 18 can be found or set up; info["python"] is the interpreter to run.
    """
    if python is None:
        python, reason = resolve_odoo_python()
        if python is None:
            return None, reason, None
    info, reason = probe_odoo(python)
    if not info:
        return None, f"{python}: {reason}", None
    info["python"] = python
    paths = ensure_third_party_addons(info, python)
    db = db_settings()
    ensure_postgres(db)
    ensure_role(db)
    return info, paths, db
