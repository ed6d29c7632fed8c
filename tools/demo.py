#!/usr/bin/env python3
"""`make demo`: a demo database worth looking at.

Creates or updates the demo database (OMS_DB, default oms_demo) as `make run`
does, then writes a plausible six-month order history into it through the
project's own services (`oms.demo.history.generate`: intake, allocation,
deliveries, returns, stock-outs) and runs the nightly demand forecast on it.
Prints what it wrote. Running it again does nothing unless FORCE=1.

  DEMO_ORDERS=n   orders to write (default 1000)
  DEMO_MONTHS=n   months of history (default 6)
  DEMO_SEED=n     random seed (default 42)
  FORCE=1         write another history even when one is there
  DEMO_UPDATE=0   do not update the addons of an existing database first
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
import run_odoo  # noqa: E402
from omsenv import say  # noqa: E402

SHELL_SCRIPT = """
import json
from odoo import fields
result = env["oms.demo.history"].generate(
    months=%(months)s, orders=%(orders)s, seed=%(seed)s, force=%(force)s
)
env.cr.commit()
if not result["skipped"]:
    run = env["oms.forecast.run"]._oms_start(env.company, fields.Date.today())
    run.batch_ids._oms_forecast_job()
    result["forecasts"] = env["oms.demand.forecast"].search_count(
        [("company_id", "=", env.company.id)]
    )
    env.cr.commit()
print("OMS_DEMO_RESULT " + json.dumps(result))
"""


def number(name, default):
    value = os.environ.get(name) or str(default)
    if not value.isdigit():
        raise SystemExit(f"error: {name}={value!r} is not a whole number")
    return int(value)


def main():
    omsenv.fix_stdout()
    orders = number("DEMO_ORDERS", 1000)
    months = number("DEMO_MONTHS", 6)
    seed = number("DEMO_SEED", 42)
    force = os.environ.get("FORCE") == "1"
    info, paths, db = omsenv.prepare_odoo()
    if info is None:
        say(f"error: Odoo 18 is not available: {paths}")
        return 1
    name = os.environ.get("OMS_DB") or "oms_demo"
    port = os.environ.get("OMS_HTTP_PORT") or "8069"
    conf = run_odoo.run_conf(paths, db, name, port, 0)
    env = omsenv.odoo_env()
    command = omsenv.odoo_command(info["python"])
    odoo = command + ["-c", str(conf), "-d", name]
    install = run_odoo.install_args(db, name)
    if os.environ.get("DEMO_UPDATE") == "0" and omsenv.database_exists(db, name):
        install = []
    started = time.perf_counter()
    if install:
        say(f"installing/updating {name} ({' '.join(install)})")
        if subprocess.run([*odoo, *install, "--stop-after-init"], env=env).returncode:
            return 1
    say(f"demo history: {orders} orders over {months} months into {name} (seed {seed})")
    script = SHELL_SCRIPT % {
        "months": months,
        "orders": orders,
        "seed": seed,
        "force": force,
    }
    done = subprocess.run(
        [*command, "shell", "-c", str(conf), "-d", name, "--no-http"]
        + ["--log-level=warn"],
        input=script,
        env=env,
        text=True,
        capture_output=True,
        cwd=omsenv.REPO,
    )
    marker = [
        line for line in done.stdout.splitlines() if line.startswith("OMS_DEMO_RESULT ")
    ]
    if done.returncode or not marker:
        say(done.stdout[-4000:])
        say(done.stderr[-4000:])
        say("error: the demo history could not be written")
        return 1
    result = json.loads(marker[-1].split(" ", 1)[1])
    if result["skipped"]:
        say(f"{name} already has a demo history (FORCE=1 writes another)")
        return 0
    say(
        "{orders} orders ({shipped} deliveries), {returns} returns, {receipts} "
        "receipts, {stockouts} stock-out periods, {promotions} promotions, "
        "{lost_lines} lines lost to stock-outs, {forecasts} forecasts; "
        "generator {seconds} s".format(**result)
    )
    say(f"total {time.perf_counter() - started:.0f} s; `make run` serves it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
