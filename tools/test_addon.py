#!/usr/bin/env python3
"""`make test-addon T=<addon>/tests/test_x.py [K=expression]`: addon tests through
pytest-odoo.

Standard library only. Builds or reuses Odoo (as `make test` does), installs
pytest-odoo into Odoo's Python when it is missing, creates the test database
(OMS_TEST_DB, default oms_pytest) with every addon of addons.txt, or reuses it and
updates the addon under test, then runs pytest-odoo on the file, or on the tests
whose names match K (pytest's -k). The database is kept for the next run
(OMS_DROP_DB=1 drops it). The last line printed is `N passed, N failed`.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
import run_tests  # noqa: E402
from omsenv import REPO, STATE_DIR, say  # noqa: E402

PYTEST_ODOO_REQUIREMENT = "pytest-odoo>=2.1"


def parse_target(value):
    """(addon, path relative to the repository) of T, or SystemExit."""
    if not value:
        raise SystemExit(
            "error: name the tests: make test-addon T=<addon>/tests/test_x.py "
            "[K=test_name]"
        )
    path = Path(value.split("::", 1)[0])
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        relative = path.relative_to(REPO)
    except ValueError:
        raise SystemExit(f"error: {value} is not in this repository") from None
    addon = relative.parts[0]
    if addon not in omsenv.own_addons() or not path.exists():
        raise SystemExit(
            f"error: {value}: not a test file or folder of our addons "
            f"({', '.join(omsenv.own_addons())})"
        )
    return addon, str(relative) + value[len(value.split("::", 1)[0]) :]


def ensure_pytest_odoo(python):
    probe = subprocess.run(
        [python, "-c", "import pytest_odoo"], capture_output=True, cwd="/"
    )
    if probe.returncode:
        say(f"installing {PYTEST_ODOO_REQUIREMENT} for {python}")
        omsenv.pip_install([PYTEST_ODOO_REQUIREMENT], python=python)


def prepare_database(python, conf, db, name, addon):
    """Create NAME with addons.txt, or update ADDON (and install what is missing)."""
    cmd = omsenv.odoo_command(python) + ["-c", str(conf), "-d", name]
    wanted = omsenv.read_addons_txt()
    if omsenv.database_exists(db, name):
        installed = omsenv.installed_modules(db, name)
        wanted = [module for module in wanted if module not in installed]
        cmd += ["-u", addon]
        say(f"== updating {addon} in test database {name}")
    else:
        say(f"== creating test database {name} with {', '.join(wanted)}")
    if wanted:
        cmd += ["-i", ",".join(wanted)]
    cmd += ["--stop-after-init", "--log-level=warn", "--http-port=0"]
    log = STATE_DIR / "logs" / f"{name}-update.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        proc = subprocess.run(
            cmd, cwd=REPO, env=omsenv.odoo_env(), stdout=out, stderr=subprocess.STDOUT
        )
    if proc.returncode:
        say("\n".join(log.read_text().splitlines()[-30:]))
        raise SystemExit(f"error: preparing {name} failed (log: {log})")


def pytest_command(python, conf, name, target, keyword, report):
    """pytest with the odoo plugin on, outside this repository's pytest settings
    (they turn pytest-odoo off for the framework-free tests)."""
    ini = STATE_DIR / "pytest-odoo.ini"
    ini.write_text("[pytest]\n")
    cmd = [python, "-m", "pytest", "-c", str(ini), "--rootdir", str(REPO)]
    cmd += ["-p", "odoo", f"--odoo-database={name}", f"--odoo-config={conf}"]
    cmd += ["--odoo-http", f"--junitxml={report}"]
    cmd += ["-o", f"cache_dir={STATE_DIR / 'pytest_cache'}", target]
    if keyword:
        cmd += ["-k", keyword]
    return cmd


def main():
    omsenv.fix_stdout()
    totals = run_tests.Totals()
    try:
        addon, target = parse_target(os.environ.get("T", ""))
        info, paths, db = omsenv.prepare_odoo()
        if info is None:
            raise SystemExit(f"error: Odoo 18 is not available: {paths}")
        python = info["python"]
        ensure_pytest_odoo(python)
        name = os.environ.get("OMS_TEST_DB") or "oms_pytest"
        conf = omsenv.write_odoo_conf(STATE_DIR / "odoo-pytest.conf", paths, db)
        prepare_database(python, conf, db, name, addon)
        report = STATE_DIR / "pytest-odoo.xml"
        report.unlink(missing_ok=True)
        cmd = pytest_command(python, conf, name, target, os.environ.get("K"), report)
        say("== pytest-odoo: " + " ".join(cmd[3:]))
        env = omsenv.odoo_env()
        # queue_job's runner would call the test server's /queue_job/runjob, whose
        # requests share the test cursor (setUpClass failing at random)
        env.setdefault("ODOO_QUEUE_JOB_CHANNELS", "root:0")
        proc = subprocess.run(cmd, cwd=REPO, env=env)
        if report.is_file():
            passed, failed, skipped = run_tests.junit_counts(report)
            totals.passed, totals.failed, totals.skipped = passed, failed, skipped
        if proc.returncode not in (0, 5) and not totals.failed:
            totals.failed = 1
        if proc.returncode == 5:
            say("no test matched")
            totals.failed += 1
        if os.environ.get("OMS_DROP_DB") == "1":
            omsenv.drop_database(db, name)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            say(str(exc.code))
            totals.failed += 1
    except KeyboardInterrupt:
        totals.failed += 1
    say(totals.summary())
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
