# Developer commands; see README.md. Every target works from a clean clone.
PYTHON ?= python3

.PHONY: test test-addon run demo lint bench readme i18n

# framework-free tests, then the addons' tests in a fresh Odoo 18 database
test:
	@$(PYTHON) tools/run_tests.py

# one addon test file through pytest-odoo, in a kept database (OMS_TEST_DB):
#   make test-addon T=oms_returns/tests/test_return_flow.py [K=test_name]
test-addon:
	@T="$(T)" K="$(K)" $(PYTHON) tools/test_addon.py

# serve the demo database (OMS_DB, default oms_demo) on http://127.0.0.1:8069;
# WORKERS=n: n HTTP workers, a cron process and the job runner (tools/layout.py)
run:
	@WORKERS="$(WORKERS)" $(PYTHON) tools/run_odoo.py

# the demo database with a six-month order history (DEMO_ORDERS=n, FORCE=1)
demo:
	@$(PYTHON) tools/demo.py

# ruff, ruff format --check, pylint-odoo mandatory checks
lint:
	@$(PYTHON) tools/lint.py

# regenerate each addon's README.rst from its readme/*.md fragments
readme:
	@$(PYTHON) tools/gen_readme.py

# every executable script of bench/, each printing its figures
bench:
	@$(PYTHON) tools/run_bench.py

# export each addon's i18n/<addon>.pot from Odoo and merge the language files
i18n:
	@$(PYTHON) tools/i18n.py export
