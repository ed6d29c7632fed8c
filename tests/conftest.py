"""Framework-free tests: no Odoo database, whatever pytest plugins are installed.

pytest-odoo, when installed beside Odoo, loads a registry for every session through
autouse fixtures and asserts a database name; these tests have none. Fixtures defined
here win over the plugin's of the same name for this folder only, so the addon tests
run through pytest-odoo keep the real ones.
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
