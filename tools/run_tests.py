#!/usr/bin/env python3
"""`make test`: the framework-free tests, then the addons' tests in a real Odoo 18.

Standard library only. Environment:
  OMS_REQUIRE_ODOO=1   fail (instead of skipping) when Odoo 18 is not importable
  OMS_KEEP_DB=1        keep the test database (its name is printed)
  OMS_TEST_TIMEOUT     seconds before the Odoo run is killed (default 3600)
  ODOO_ADDONS_PATH     comma-separated addons path replacing the guessed one
  PGHOST/PGPORT/PGUSER/PGPASSWORD  database server (default 127.0.0.1:5432, odoo)
The last line printed is the summary: `N passed, N failed[, N skipped]`.
"""

import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
from omsenv import REPO, STATE_DIR, say  # noqa: E402

LOG_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z_]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
LOADED_RE = re.compile(r"^(\d+ modules loaded in [\d.]+s|loading \d+ modules)")
LOADING_RE = re.compile(r"^Loading module (\w+) \((\d+)/(\d+)\)")


class Totals:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def summary(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        return line


# --------------------------------------------------------------------------- pytest


def run_pytest(totals):
    if not (REPO / "tests").is_dir():
        say("pytest: no tests/ folder")
        return
    report = STATE_DIR / "pytest.xml"
    report.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pytest", "tests", "-q", f"--junitxml={report}"]
    # pytest-odoo, when installed, imports odoo at start-up: not wanted here
    cmd += ["-p", "no:odoo", "-o", f"cache_dir={STATE_DIR / 'pytest_cache'}"]
    say("== framework-free tests: " + " ".join(cmd[1:4]))
    proc = subprocess.run(cmd, cwd=REPO, env=omsenv.odoo_env())
    if proc.returncode == 5:  # nothing collected
        return
    counts = junit_counts(report) if report.is_file() else None
    if counts is None:
        say(f"pytest: exit code {proc.returncode} and no report")
        totals.failed += 1
        return
    passed, failed, skipped = counts
    if proc.returncode and not failed:
        failed = 1  # e.g. an internal error after the report was written
    totals.passed += passed
    totals.failed += failed
    totals.skipped += skipped


def junit_counts(path):
    """(passed, failed, skipped) of a pytest JUnit XML report."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failed - skipped, failed, skipped


# --------------------------------------------------------------------------- Odoo log


class LogScan:
    """Reads Odoo's log line by line: problems, progress and the test result."""

    def __init__(self, own_addons=(), echo=say, start=None):
        self.own = tuple(own_addons)
        self.echo = echo
        self.start = start or time.monotonic()
        self.problems = []  # [first line, continuation lines...]
        self.result = None  # (failed, errors, tests)
        self.tested = set()
        self._current = None

    def _progress(self, text):
        self.echo(f"  [{time.monotonic() - self.start:5.0f}s] {text}")

    def is_problem(self, level, logger):
        if level in ("ERROR", "CRITICAL"):
            return True
        return level == "WARNING" and logger.startswith("odoo.addons.oms_")

    def feed(self, line):
        line = line.rstrip("\n")
        match = LOG_RE.match(line)
        if not match:
            if self._current is not None:
                self._current.append(line)
            return
        self._current = None
        level, logger, msg = match["level"], match["logger"], match["msg"].strip()
        if self.is_problem(level, logger):
            self._current = [line]
            self.problems.append(self._current)
            self._progress(f"{level} {logger}: {msg[:160]}")
        if logger == "odoo.tests.result":
            counts = RESULT_RE.search(msg)
            if counts:
                self.result = tuple(int(n) for n in counts.groups())
            self._progress(f"tests: {msg.strip()}")
        elif logger == "odoo.modules.loading":
            loading = LOADING_RE.match(msg)
            if LOADED_RE.match(msg):
                self._progress(msg)
            elif loading and (loading[1] in self.own or int(loading[2]) % 25 == 0):
                self._progress(f"installing {loading[1]} ({loading[2]}/{loading[3]})")
        elif ".tests." in logger and msg.startswith("Starting "):
            addon = logger.split(".")[2] if logger.startswith("odoo.addons.") else ""
            if addon in self.own and addon not in self.tested:
                self.tested.add(addon)
                self._progress(f"running the tests of {addon}")


def run_odoo_tests(totals, info, paths, db):
    own = omsenv.own_addons()
    dbname = os.environ.get("OMS_TEST_DB") or time.strftime("oms_test_%Y%m%d_%H%M%S")
    logs = STATE_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{dbname}.log"
    conf = omsenv.write_odoo_conf(STATE_DIR / "odoo-test.conf", paths, db)
    cmd = omsenv.odoo_command(info["python"]) + [
        "-c",
        str(conf),
        "-d",
        dbname,
        "-i",
        ",".join(omsenv.read_addons_txt()),
        "--test-enable",
        "--test-tags",
        ",".join(f"/{name}" for name in own),
        "--stop-after-init",
        "--log-level=info",
        "--http-port",
        str(omsenv.free_port()),
        "--gevent-port",
        str(omsenv.free_port()),
    ]
    say(f"== Odoo {'.'.join(map(str, info['version']))} tests in database {dbname}")
    say(f"   addons path: {','.join(paths)}")
    say(f"   log: {log_path}")
    start = time.monotonic()
    scan = LogScan(own, start=start)
    timeout = int(os.environ.get("OMS_TEST_TIMEOUT") or 3600)
    try:
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                env=omsenv.odoo_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
            watchdog = threading.Timer(timeout, proc.kill)
            watchdog.start()
            for line in proc.stdout:
                log.write(line)
                scan.feed(line)
            returncode = proc.wait()
            watchdog.cancel()
    finally:
        elapsed = time.monotonic() - start
        if os.environ.get("OMS_KEEP_DB") == "1":
            say(f"   kept database {dbname} (OMS_KEEP_DB=1)")
        else:
            omsenv.drop_database(db, dbname)
    say(f"   install + tests took {elapsed:.0f}s")
    return account_odoo_run(totals, scan, returncode, len(omsenv.addon_test_modules()))


def account_odoo_run(totals, scan, returncode, test_modules):
    """Add the Odoo run to the totals; every problem outside the tests counts once."""
    issues = []
    if returncode:
        issues.append(f"odoo exited with code {returncode}")
    if scan.problems:
        issues.append(f"{len(scan.problems)} ERROR/CRITICAL or oms WARNING log records")
        for record in scan.problems:
            say("\n".join(record[:40]))
    failed = 0
    if scan.result is None:
        issues.append("no test result in the log")
    else:
        test_failed, test_errors, tests = scan.result
        failed = test_failed + test_errors
        totals.passed += tests - failed
        if tests == 0 and test_modules:
            issues.append(f"no test ran although {test_modules} test modules exist")
    for issue in issues:
        say(f"odoo: {issue}")
    totals.failed += failed or (1 if issues else 0)
    return not issues


# --------------------------------------------------------------------------- main


def main():
    omsenv.fix_stdout()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    totals = Totals()
    try:
        omsenv.ensure_requirements(REPO / "requirements-test.txt")
        run_pytest(totals)
        info, paths, db = omsenv.prepare_odoo()
        if info is None:
            test_modules = len(omsenv.addon_test_modules())
            say(f"Odoo 18 is not available: {paths}")
            if os.environ.get("OMS_REQUIRE_ODOO") == "1":
                say("error: OMS_REQUIRE_ODOO=1 and Odoo 18 is not importable")
                totals.failed += 1
            else:
                say(
                    "skipped: Odoo 18 not importable — "
                    f"{test_modules} addon test modules not run"
                )
                totals.skipped += test_modules
        else:
            run_odoo_tests(totals, info, paths, db)
    except SystemExit as exc:  # a setup step failed: still end with the summary
        if exc.code not in (None, 0):
            say(str(exc.code))
            totals.failed += 1
    except KeyboardInterrupt:
        totals.failed += 1
    say(totals.summary())
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
