#!/usr/bin/env python3
"""`make run`: serve the demo database on http://127.0.0.1:8069.

Creates the database (OMS_DB, default oms_demo) with every addon of addons.txt and
their demo data, or reuses it and installs what is missing, then serves it. Uses
the same addons path, PostgreSQL and role logic as `make test` (tools/omsenv.py).

WORKERS=n runs the production layout of tools/layout.py instead of one process:
an HTTP server with n prefork workers, a cron process and queue_job's job runner
as a process of its own. Ctrl-C stops all three.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import layout  # noqa: E402
import omsenv  # noqa: E402
from omsenv import STATE_DIR, say  # noqa: E402


def workers_setting():
    value = os.environ.get("WORKERS") or "0"
    if not value.isdigit():
        raise SystemExit(f"error: WORKERS={value!r} is not a number of workers")
    return int(value)


def run_conf(paths, db, name, port, workers):
    """The server configuration; the layout's processes take their role options
    on the command line, like the services of docker-compose.yml."""
    options = {"http_interface": "127.0.0.1", "http_port": port}
    sections = {}
    if workers:
        options["server_wide_modules"] = layout.SERVER_WIDE_MODULES
    else:
        # one process: queue_job's runner runs inside it
        options["server_wide_modules"] = "web,queue_job"
        sections["queue_job"] = {"channels": "root:2"}
    options["dbfilter"] = f"^{name}$"
    return omsenv.write_odoo_conf(
        STATE_DIR / "odoo-run.conf", paths, db, options, sections
    )


def install_args(db, name):
    """-i what is missing, -u our addons on a reused database."""
    wanted = omsenv.read_addons_txt()
    args = []
    if omsenv.database_exists(db, name):
        # -i on an installed module would reload its data in init mode, demo
        # included: install only what is missing.
        installed = omsenv.installed_modules(db, name)
        wanted = [addon for addon in wanted if addon not in installed]
        args += ["-u", ",".join(omsenv.own_addons())]
    if wanted:
        args += ["-i", ",".join(wanted)]
    return args


def layout_commands(python, conf, name, workers, port):
    """The processes of `make run WORKERS=n` (tools/layout.py)."""
    # websockets on the next ports but two, as Odoo's 8069 / 8072
    return layout.local_processes(python, conf, name, workers, port, int(port) + 3)


def serve_layout(info, conf, name, workers, port, install):
    """Install/update once, then the HTTP server, the cron process and the job
    runner (after the HTTP server answers); returns when one of them stops."""
    env = omsenv.odoo_env()
    python = info["python"]
    odoo = omsenv.odoo_command(python) + ["-c", str(conf), "-d", name]
    if install:
        say(f"installing/updating {name} ({' '.join(install)})")
        code = subprocess.run([*odoo, *install, "--stop-after-init"], env=env)
        if code.returncode:
            return code.returncode
    processes = layout_commands(python, conf, name, workers, port)
    started = []
    omsenv.interrupt_on_signals()
    try:
        for role, cmd, extra in processes:
            say(f"starting {role}: {' '.join(cmd[1:])}")
            started += omsenv.start_processes([(role, cmd, extra)], env)
            if role == "http" and not omsenv.wait_http(port, timeout=300):
                say("error: the HTTP server did not answer /web/health")
                return 1
        say(f"serving on http://127.0.0.1:{port} (admin / admin); Ctrl-C stops")
        while True:
            for role, proc in started:
                if proc.poll() is not None:
                    say(f"{role} stopped (exit code {proc.returncode}); stopping all")
                    return proc.returncode or 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        omsenv.stop_processes(started)


def main():
    omsenv.fix_stdout()
    workers = workers_setting()
    info, paths, db = omsenv.prepare_odoo()
    if info is None:
        say(f"error: Odoo 18 is not available: {paths}")
        say("set ODOO_SOURCE or ODOO_PYTHON (see README.md), or: docker compose up")
        return 1
    name = os.environ.get("OMS_DB") or "oms_demo"
    port = os.environ.get("OMS_HTTP_PORT") or "8069"
    conf = run_conf(paths, db, name, port, workers)
    state = "reusing" if omsenv.database_exists(db, name) else "creating"
    say(f"{state} database {name}; config: {conf}")
    install = install_args(db, name)
    start_sandbox(info["python"], port)
    os.chdir(omsenv.REPO)
    if workers:
        return serve_layout(info, conf, name, workers, port, install)
    say(f"serving on http://127.0.0.1:{port} (admin / admin); Ctrl-C stops")
    # one process installs, updates and serves; Ctrl-C goes straight to Odoo
    cmd = omsenv.odoo_command(info["python"]) + ["-c", str(conf), "-d", name]
    cmd += install
    sys.stdout.flush()
    os.execve(cmd[0], cmd, omsenv.odoo_env())


def start_sandbox(python, odoo_port):
    """The Shopify sandbox of the demo account (OMS_SANDBOX=0: none)."""
    if os.environ.get("OMS_SANDBOX") == "0":
        return
    hook = f"http://127.0.0.1:{odoo_port}/oms/webhook/demo-sandbox-webhook"
    try:
        subprocess.Popen(
            [python, "-m", "oms_sandbox", "--port", "8765", "--orders", "3"]
            + ["--skus", "OMS-TSHIRT,OMS-SNEAKER,OMS-MUG", "--every", "120"]
            + ["--tax-rate", "0.15"]  # the demo company's sales tax
            + ["--webhook-url", hook],
            cwd=omsenv.REPO,
            env=omsenv.odoo_env(),
        )
    except OSError as error:  # the demo runs without its sandbox
        say(f"Shopify sandbox not started: {error}")
        return
    say("Shopify sandbox on http://127.0.0.1:8765 (new order every 2 minutes)")


if __name__ == "__main__":
    sys.exit(main())
