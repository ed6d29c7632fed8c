#!/usr/bin/env python3
"""`make bench`: run every executable script of bench/, each printing its figures.

Where Odoo 18 is importable, the scripts get the same PostgreSQL, role and addons
path as `make test`, through an Odoo configuration file named by ODOO_RC; without
Odoo they print their framework-free figures only.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
from omsenv import REPO, STATE_DIR, say  # noqa: E402


def main():
    omsenv.fix_stdout()
    env = omsenv.odoo_env()
    info, paths, db = omsenv.prepare_odoo()
    python = info["python"] if info else sys.executable
    if info is None:
        say(f"Odoo 18 not importable ({paths}): framework-free figures only")
    else:
        env["ODOO_RC"] = str(
            omsenv.write_odoo_conf(STATE_DIR / "odoo-bench.conf", paths, db)
        )
    scripts = sorted(
        path
        for path in (REPO / "bench").iterdir()
        if path.is_file() and os.access(path, os.X_OK)
    )
    failed = 0
    for script in scripts:
        say(f"== {script.relative_to(REPO)}")
        failed += subprocess.run([python, str(script)], env=env).returncode != 0
    if not scripts:
        say("no benchmark in bench/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
