"""The developer commands: log reading, counting, and the repository layout."""

import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import omsenv  # noqa: E402
import run_tests  # noqa: E402

OWN = [
    "oms_multichannel",
    "oms_returns",
    "oms_marketplace_connectors",
    "oms_pos_bridge",
]
STAMP = "2026-01-02 03:04:05,678 4242"


def _scan(*lines):
    scan = run_tests.LogScan(OWN, echo=lambda _msg: None)
    for line in lines:
        scan.feed(line + "\n")
    return scan


def test_addons_txt_order():
    names = omsenv.read_addons_txt()
    assert names == ["queue_job", *OWN]
    assert omsenv.own_addons() == OWN


def test_log_scan_reads_the_result_and_ignores_other_warnings():
    scan = _scan(
        f"{STAMP} INFO ? odoo: Odoo version 18.0",
        f"{STAMP} WARNING db odoo.addons.base.models.res_config: not ours",
        f"{STAMP} INFO db odoo.addons.oms_returns.tests.test_x: Starting T.test_a ...",
        f"{STAMP} INFO db odoo.tests.result: 0 failed, 0 error(s) of 7 tests "
        "when loading database 'db'",
    )
    assert scan.problems == []
    assert scan.result == (0, 0, 7)
    assert scan.tested == {"oms_returns"}


def test_log_scan_collects_errors_with_traceback_and_our_warnings():
    scan = _scan(
        f"{STAMP} ERROR db odoo.addons.oms_returns.tests.test_x: FAIL: T.test_a",
        "Traceback (most recent call last):",
        "AssertionError: 1 != 2",
        f"{STAMP} WARNING db odoo.addons.oms_multichannel.models.x: careful",
        f"{STAMP} CRITICAL db odoo.service.server: Failed to initialize database",
        f"{STAMP} ERROR db odoo.tests.result: 1 failed, 0 error(s) of 3 tests when",
    )
    assert [len(record) for record in scan.problems] == [3, 1, 1, 1]
    assert scan.result == (1, 0, 3)


def test_account_odoo_run():
    totals = run_tests.Totals()
    assert run_tests.account_odoo_run(totals, _scan(), 0, 3) is False  # no result
    assert (totals.passed, totals.failed) == (0, 1)

    totals = run_tests.Totals()
    ok = _scan(f"{STAMP} INFO db odoo.tests.result: 0 failed, 0 error(s) of 5 tests")
    assert run_tests.account_odoo_run(totals, ok, 0, 3) is True
    assert totals.summary() == "5 passed, 0 failed"

    # tests passed but an ERROR was logged: one failure, not a silent pass
    totals = run_tests.Totals()
    bad = _scan(
        f"{STAMP} ERROR db odoo.sql_db: bad query",
        f"{STAMP} INFO db odoo.tests.result: 0 failed, 0 error(s) of 5 tests",
    )
    assert run_tests.account_odoo_run(totals, bad, 0, 3) is False
    assert totals.summary() == "5 passed, 1 failed"


def test_junit_counts(tmp_path):
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuites><testsuite tests="9" failures="1" errors="1" skipped="2">'
        "</testsuite></testsuites>"
    )
    assert run_tests.junit_counts(report) == (5, 2, 2)


@pytest.mark.parametrize("require, code", [("", 0), ("1", 1)])
def test_without_odoo(monkeypatch, capsys, tmp_path, require, code):
    monkeypatch.setenv("OMS_REQUIRE_ODOO", require)
    monkeypatch.setattr(run_tests, "STATE_DIR", tmp_path)
    monkeypatch.setattr(omsenv, "ensure_requirements", lambda _path: None)
    monkeypatch.setattr(run_tests, "run_pytest", lambda totals: None)
    monkeypatch.setattr(omsenv, "probe_odoo", lambda *a: (None, "No module named odoo"))
    assert run_tests.main() == code
    lines = capsys.readouterr().out.splitlines()
    modules = len(omsenv.addon_test_modules())
    assert modules >= 3
    if require:
        assert lines[-1] == "0 passed, 1 failed"
    else:
        assert (
            f"skipped: Odoo 18 not importable — {modules} addon test modules not run"
            in lines
        )
        assert lines[-1] == f"0 passed, 0 failed, {modules} skipped"


def test_addons_path_keeps_the_repo_first(monkeypatch, tmp_path):
    addon = tmp_path / "extra" / "some_addon"
    addon.mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{}")
    monkeypatch.setenv("ODOO_ADDONS_PATH", f"{tmp_path / 'extra'},{tmp_path / 'none'}")
    assert omsenv.addons_path({}) == [str(REPO), str(tmp_path / "extra")]


def test_missing_requirements(tmp_path):
    requirements = tmp_path / "r.txt"
    requirements.write_text("# c\npytest>=1\npytest==0.0.1\nno-such-package-oms\n")
    assert omsenv.missing_requirements(requirements) == [
        "pytest==0.0.1",
        "no-such-package-oms",
    ]


@pytest.mark.parametrize("addon", OWN)
def test_addon_layout(addon):
    """OCA shape: manifest keys, readme fragments, icon, whool build."""
    root = REPO / addon
    manifest = ast.literal_eval((root / "__manifest__.py").read_text())
    # 18.0.x.y.z: the data-model / feature / fix counters after the series.
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert manifest["author"] == "OMS Multichannel contributors"
    assert manifest["website"] == "https://github.com/oms-multichannel/oms"
    assert "description" not in manifest
    assert manifest["installable"] is True
    for fragment in ("DESCRIPTION", "USAGE", "CONFIGURE", "CONTRIBUTORS"):
        assert (root / "readme" / f"{fragment}.md").is_file(), fragment
    assert (root / "static/description/icon.png").read_bytes()[:4] == b"\x89PNG"
    assert 'build-backend = "whool.buildapi"' in (root / "pyproject.toml").read_text()
    for data in manifest.get("data", []) + manifest.get("demo", []):
        assert (root / data).is_file(), data
