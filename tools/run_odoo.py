#!/usr/bin/env python3
"""`make run`: serve the demo database on http://127.0.0.1:8069.

Creates the database (OMS_DB, default oms_demo) with every addon of addons.txt and
their demo data, or reuses it and installs what is missing, then serves it. Uses
the same addons path, PostgreSQL and role logic as `make test` (tools/omsenv.py).
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
from omsenv import STATE_DIR, say  # noqa: E402


def main():
    omsenv.fix_stdout()
    info, paths, db = omsenv.prepare_odoo()
    if info is None:
        say(f"error: Odoo 18 is not available: {paths}")
        say("set ODOO_SOURCE or ODOO_PYTHON (see README.md), or: docker compose up")
        return 1
    name = os.environ.get("OMS_DB") or "oms_demo"
    port = os.environ.get("OMS_HTTP_PORT") or "8069"
    conf = omsenv.write_odoo_conf(
        STATE_DIR / "odoo-run.conf",
        paths,
        db,
        extra_options={
            "server_wide_modules": "web,queue_job",
            "http_interface": "127.0.0.1",
            "http_port": port,
            "dbfilter": f"^{name}$",
        },
        sections={"queue_job": {"channels": "root:2"}},
    )
    state = "reusing" if omsenv.database_exists(db, name) else "creating"
    say(f"{state} database {name}; config: {conf}")
    say(f"serving on http://127.0.0.1:{port} (admin / admin); Ctrl-C stops")
    # -i installs what is not installed yet, -u brings a reused database up to date
    # with our code; then the same process serves, and Ctrl-C goes straight to Odoo
    cmd = omsenv.odoo_command(info["python"]) + ["-c", str(conf), "-d", name]
    wanted = omsenv.read_addons_txt()
    if state == "reusing":
        # -i on an installed module would reload its data in init mode, demo
        # included: install only what is missing.
        installed = omsenv.installed_modules(db, name)
        wanted = [addon for addon in wanted if addon not in installed]
        cmd += ["-u", ",".join(omsenv.own_addons())]
    if wanted:
        cmd += ["-i", ",".join(wanted)]
    start_sandbox(info["python"], port)
    sys.stdout.flush()
    os.chdir(omsenv.REPO)
    os.execve(cmd[0], cmd, omsenv.odoo_env())


def start_sandbox(python, odoo_port):
    """The Shopify sandbox of the demo account (OMS_SANDBOX=0: none)."""
    if os.environ.get("OMS_SANDBOX") == "0":
        return
    hook = f"http://127.0.0.1:{odoo_port}/oms/webhook/demo-sandbox-webhook"
    subprocess.Popen(
        [python, "-m", "oms_sandbox", "--port", "8765", "--orders", "3"]
        + ["--skus", "OMS-TSHIRT,OMS-SNEAKER,OMS-MUG", "--every", "120"]
        + ["--tax-rate", "0.15"]  # the demo company's sales tax
        + ["--webhook-url", hook],
        cwd=omsenv.REPO,
        env=omsenv.odoo_env(),
    )
    say("Shopify sandbox on http://127.0.0.1:8765 (new order every 2 minutes)")


if __name__ == "__main__":
    sys.exit(main())
