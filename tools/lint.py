#!/usr/bin/env python3
"""`make lint`: ruff, ruff format, pylint-odoo's mandatory checks, translations.

Installs the pinned linters of requirements-lint.txt when missing. Exits non-zero
when any check fails; the translation check (tools/i18n.py check) fails when an
entry of an addon's i18n/*.pot is missing or untranslated in a language file.
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
from omsenv import REPO, say  # noqa: E402


def main():
    omsenv.fix_stdout()
    omsenv.ensure_requirements(REPO / "requirements-lint.txt")
    python = sys.executable
    addons = omsenv.own_addons()
    checks = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        (
            "pylint-odoo (mandatory)",
            [python, "-m", "pylint", "--rcfile=.pylintrc-mandatory", *addons],
        ),
        ("translations", [python, str(REPO / "tools" / "i18n.py"), "check"]),
    ]
    failed = []
    for name, cmd in checks:
        say(f"== {name}")
        if subprocess.run(cmd, cwd=REPO).returncode:
            failed.append(name)
    # README.rst is generated (OCA style); stale ones are reported, not fatal
    subprocess.run([python, str(REPO / "tools" / "gen_readme.py"), "--check"], cwd=REPO)
    if failed:
        say(f"lint failed: {', '.join(failed)}")
        return 1
    say(f"lint ok: {len(checks)} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
