#!/usr/bin/env python3
"""Translations of our addons: export the templates, merge the languages, check them.

  python3 tools/i18n.py export   (make i18n) install the addons in database
                                 OMS_I18N_DB (default oms_i18n, reused), export each
                                 addon's i18n/<addon>.pot with Odoo's exporter, then
                                 merge every language file with it
  python3 tools/i18n.py merge    merge the .po files with the current .pot files
  python3 tools/i18n.py check    (make lint) every addon has a .po per language of
                                 LANGUAGES, each translating every entry of its .pot
                                 with the same placeholders; exit 1 otherwise

Needs polib (requirements-lint.txt); `export` needs Odoo (tools/bootstrap.py).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also under python -I
import omsenv  # noqa: E402
from omsenv import REPO, STATE_DIR, say  # noqa: E402

# the languages of the merchants this is written for (Hebrew is right-to-left)
LANGUAGES = ("de", "he", "zh_CN", "ru")
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sdfr]|%[sdfr]|\{(\w*)\}")


def _polib():
    try:
        import polib  # noqa: PLC0415
    except ImportError:
        omsenv.ensure_requirements(REPO / "requirements-lint.txt")
        import polib  # noqa: PLC0415
    return polib


def pot_path(addon):
    return REPO / addon / "i18n" / f"{addon}.pot"


def po_path(addon, lang):
    return REPO / addon / "i18n" / f"{lang}.po"


# --------------------------------------------------------------------------- export


def export():
    info, paths, db = omsenv.prepare_odoo()
    if info is None:
        raise SystemExit(f"error: Odoo 18 is not available: {paths}")
    name = os.environ.get("OMS_I18N_DB") or "oms_i18n"
    conf = omsenv.write_odoo_conf(STATE_DIR / "odoo-i18n.conf", paths, db)
    base = omsenv.odoo_command(info["python"]) + ["-c", str(conf), "-d", name]
    base += ["--stop-after-init", "--log-level=warn", "--http-port", "0"]
    own = omsenv.own_addons()
    if omsenv.database_exists(db, name):
        installed = omsenv.installed_modules(db, name)
        missing = [a for a in omsenv.read_addons_txt() if a not in installed]
        cmd = (
            base
            + ["-u", ",".join(own)]
            + (["-i", ",".join(missing)] if missing else [])
        )
    else:
        cmd = base + ["-i", ",".join(omsenv.read_addons_txt()), "--without-demo=all"]
    say(f"i18n: updating database {name}")
    _run(cmd)
    for addon in own:
        target = pot_path(addon)
        target.parent.mkdir(exist_ok=True)
        say(f"i18n: exporting {target.relative_to(REPO)}")
        _run(base + [f"--i18n-export={target}", f"--modules={addon}"])
    merge()


def _run(cmd):
    proc = subprocess.run(cmd, cwd=REPO, env=omsenv.odoo_env())
    if proc.returncode:
        raise SystemExit(f"error: {' '.join(cmd[:6])} ... failed")


# --------------------------------------------------------------------------- merge


def merge():
    """Bring every language file in line with its template, keeping translations."""
    polib = _polib()
    for addon in omsenv.own_addons():
        if not pot_path(addon).is_file():
            continue
        pot = polib.pofile(str(pot_path(addon)))
        for lang in LANGUAGES:
            path = po_path(addon, lang)
            old = polib.pofile(str(path)) if path.is_file() else None
            known = {(e.msgctxt, e.msgid): e for e in old} if old else {}
            po = polib.POFile(wrapwidth=78)
            po.metadata = dict(pot.metadata, Language=lang)
            po.metadata["Content-Transfer-Encoding"] = "8bit"
            po.header = pot.header
            untranslated = 0
            for entry in pot:
                previous = known.get((entry.msgctxt, entry.msgid))
                new = polib.POEntry(
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    msgstr=previous.msgstr if previous else "",
                    occurrences=entry.occurrences,
                    comment=entry.comment,
                    tcomment=previous.tcomment if previous else "",
                    flags=[f for f in entry.flags if f != "fuzzy"],
                )
                untranslated += not new.msgstr
                po.append(new)
            po.save(str(path))
            say(f"i18n: {path.relative_to(REPO)}: {untranslated} to translate")


# --------------------------------------------------------------------------- check


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text))


def check_addon(addon, polib=None):
    """Problems of one addon's translations, as readable lines."""
    polib = polib or _polib()
    problems = []
    if not pot_path(addon).is_file():
        return [f"{addon}: no i18n/{addon}.pot (make i18n)"]
    pot = polib.pofile(str(pot_path(addon)))
    for lang in LANGUAGES:
        path = po_path(addon, lang)
        rel = path.relative_to(REPO)
        if not path.is_file():
            problems.append(f"{rel}: missing (make i18n, then translate)")
            continue
        po = polib.pofile(str(path))
        entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
        for entry in pot:
            found = entries.get((entry.msgctxt, entry.msgid))
            short = entry.msgid[:60].replace("\n", " ")
            if found is None or not found.msgstr or "fuzzy" in found.flags:
                problems.append(f"{rel}: untranslated: {short!r}")
            elif "odoo-python" in entry.comment or "odoo-javascript" in entry.comment:
                if placeholders(found.msgstr) != placeholders(entry.msgid):
                    problems.append(f"{rel}: placeholders differ: {short!r}")
    return problems


def check():
    polib = _polib()
    problems = [p for addon in omsenv.own_addons() for p in check_addon(addon, polib)]
    for line in problems[:50]:
        say(line)
    if len(problems) > 50:
        say(f"... and {len(problems) - 50} more")
    langs = ", ".join(LANGUAGES)
    if problems:
        say(f"i18n: {len(problems)} problems in the {langs} translations")
        return 1
    say(f"i18n: every template entry translated in {langs}")
    return 0


def main(argv):
    omsenv.fix_stdout()
    command = argv[1] if len(argv) > 1 else "check"
    if command == "export":
        export()
        return 0
    if command == "merge":
        merge()
        return 0
    if command == "check":
        return check()
    say(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
