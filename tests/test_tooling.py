"""The developer commands: log reading, counting, and the repository layout."""

import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import bootstrap  # noqa: E402
import omsenv  # noqa: E402
import run_tests  # noqa: E402
import test_addon  # noqa: E402

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
    # OCA's job queue, then optional Odoo apps (kits, dropship), then ours.
    assert names == ["queue_job", "mrp", "stock_dropshipping", *OWN]
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
    # never build the Odoo virtualenv from a test
    monkeypatch.setenv("OMS_BOOTSTRAP", "0")
    monkeypatch.delenv("ODOO_PYTHON", raising=False)
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
    # one spelling of the domain package's distribution in every manifest
    python = manifest.get("external_dependencies", {}).get("python", [])
    assert {name for name in python if "domain" in name} <= {"oms-domain"}


# --------------------------------------------------------------------------- bootstrap


def test_source_kind(tmp_path):
    archive = tmp_path / "odoo.tar.xz"
    archive.write_bytes(b"")
    assert bootstrap.source_kind(str(tmp_path)) == "folder"
    assert bootstrap.source_kind(str(archive)) == "archive"
    assert bootstrap.source_kind("https://github.com/odoo/odoo#18.0") == "git"
    assert bootstrap.source_kind("git@github.com:odoo/odoo.git") == "git"
    for wrong in ("https://example.com/odoo.tar.gz", str(tmp_path / "missing")):
        with pytest.raises(bootstrap.BootstrapError):
            bootstrap.source_kind(wrong)


def test_source_stamp_follows_the_archive(tmp_path):
    archive = tmp_path / "odoo.zip"
    archive.write_bytes(b"one")
    first = bootstrap.source_stamp(str(archive))
    archive.write_bytes(b"longer")
    assert bootstrap.source_stamp(str(archive)) != first
    assert bootstrap.source_stamp(str(tmp_path)) == f"folder:{tmp_path.resolve()}"


def test_source_root_unwraps_one_folder(tmp_path):
    release = tmp_path / "odoo-18.0" / "odoo" / "release.py"
    release.parent.mkdir(parents=True)
    release.write_text("")
    assert bootstrap._source_root(tmp_path) == tmp_path / "odoo-18.0"
    assert bootstrap._source_root(tmp_path / "odoo-18.0") == tmp_path / "odoo-18.0"


def _fake_venv(tmp_path, bootstrap, spec):
    python = bootstrap.venv_python(tmp_path)
    python.parent.mkdir(parents=True)
    python.write_text("")
    bootstrap._write_marker(tmp_path, spec)


def test_venv_is_reused_when_built_from_the_same_source(monkeypatch, tmp_path):
    monkeypatch.setenv("ODOO_SOURCE", str(tmp_path))
    _fake_venv(tmp_path / "venv", bootstrap, str(tmp_path))
    monkeypatch.setattr(
        bootstrap, "probe_odoo", lambda python: ({"version": [18, 0]}, "")
    )

    def build(*_args):
        raise AssertionError("rebuilt")

    monkeypatch.setattr(bootstrap, "build_venv", build)
    python = bootstrap.ensure_venv(tmp_path / "venv")
    assert python == str(bootstrap.venv_python(tmp_path / "venv"))


def test_venv_is_rebuilt_for_another_source(monkeypatch, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    _fake_venv(tmp_path / "venv", bootstrap, str(tmp_path))
    monkeypatch.setenv("ODOO_SOURCE", str(other))
    built = []
    monkeypatch.setattr(bootstrap, "build_venv", lambda spec, root: built.append(spec))
    bootstrap.ensure_venv(tmp_path / "venv")
    assert built == [str(other)]
    assert bootstrap.read_marker(tmp_path / "venv")["spec"] == str(other)


def test_odoo_python_wins(monkeypatch):
    monkeypatch.setenv("ODOO_PYTHON", "/opt/odoo/bin/python")
    assert bootstrap.odoo_python() == "/opt/odoo/bin/python"
    assert omsenv.resolve_odoo_python() == ("/opt/odoo/bin/python", "")


# ---------------------------------------------------------------------- pytest-odoo


def test_plain_pytest_turns_pytest_odoo_off():
    """pytest-odoo imports odoo when it loads: never for the framework-free tests,
    whatever interpreter runs them (tools/test_addon.py turns it back on)."""
    pyproject = (REPO / "pyproject.toml").read_text()
    addopts = re.search(r'^addopts = "(.*)"$', pyproject, re.M)[1]
    assert "-p no:odoo" in addopts


def test_test_addon_target(monkeypatch):
    monkeypatch.chdir(REPO)
    target = "oms_returns/tests/test_return_flow.py"
    assert test_addon.parse_target(target) == ("oms_returns", target)
    assert test_addon.parse_target(target + "::TestX::test_y")[1] == (
        target + "::TestX::test_y"
    )
    for wrong in ("", "tests/test_tooling.py", "oms_returns/tests/nope.py"):
        with pytest.raises(SystemExit):
            test_addon.parse_target(wrong)


def test_test_addon_command(tmp_path, monkeypatch):
    monkeypatch.setattr(test_addon, "STATE_DIR", tmp_path)
    cmd = test_addon.pytest_command(
        "/py", "/c.conf", "db1", "oms_returns/tests", "test_a", tmp_path / "r.xml"
    )
    assert cmd[:3] == ["/py", "-m", "pytest"]
    # our pytest settings turn the plugin off: another ini, and the plugin on
    assert cmd[cmd.index("-c") + 1] == str(tmp_path / "pytest-odoo.ini")
    assert cmd[cmd.index("-p") + 1] == "odoo"
    assert "--odoo-database=db1" in cmd and "--odoo-config=/c.conf" in cmd
    assert cmd[-3:] == ["oms_returns/tests", "-k", "test_a"]
