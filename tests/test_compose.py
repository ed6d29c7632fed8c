"""docker-compose.yml says what the README promises (no Docker engine runs here)."""

import configparser
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ADDONS = [
    line.split("#", 1)[0].strip()
    for line in (REPO / "addons.txt").read_text().splitlines()
    if line.split("#", 1)[0].strip()
]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def odoo_conf():
    parser = configparser.ConfigParser()
    parser.read(REPO / "docker" / "odoo.conf")
    return parser


def _env(service):
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _healthy_db(service):
    return service["depends_on"]["db"]["condition"] == "service_healthy"


def test_services(compose):
    assert {"db", "odoo", "test"} <= set(compose["services"])


def test_db(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16"
    assert _env(db)["POSTGRES_USER"] == "odoo"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])


def test_odoo_image_is_official_odoo_18_with_queue_job(compose):
    odoo = compose["services"]["odoo"]
    dockerfile = REPO / odoo["build"]["context"] / odoo["build"]["dockerfile"]
    text = dockerfile.read_text()
    assert re.search(r"^FROM odoo:18\.0$", text, re.M)
    assert "odoo-addon-queue-job>=18.0,<18.1" in text
    assert "--no-deps" in text
    # the test service runs `make test`: make must be in the image
    assert re.search(r"apt-get install .*\bmake\b", text)
    # the build context sends only what the Dockerfile copies
    copied = re.findall(r"^COPY (\S+)", text, re.M)
    ignore = (REPO / ".dockerignore").read_text().split()
    assert "*" in ignore and all(f"!{path}" in ignore for path in copied)


def test_odoo_service(compose):
    odoo = compose["services"]["odoo"]
    assert "127.0.0.1:8069:8069" in odoo["ports"]
    assert ".:/mnt/oms:ro" in odoo["volumes"]
    assert "./docker/odoo.conf:/etc/odoo/oms.conf:ro" in odoo["volumes"]
    env = _env(odoo)
    assert env["ODOO_RC"] == "/etc/odoo/oms.conf"
    assert env["PYTHONPATH"] == "/mnt/oms"  # oms_domain imports
    assert _healthy_db(odoo)
    assert "/web/health" in " ".join(odoo["healthcheck"]["test"])
    command = odoo["command"]
    assert command[0] == "odoo"  # the image's entrypoint adds the db options
    init = next(arg for arg in command if arg.startswith("--init="))
    assert init.removeprefix("--init=").split(",") == ADDONS


def test_odoo_conf(odoo_conf, compose):
    options = odoo_conf["options"]
    paths = [path.strip() for path in options["addons_path"].split(",")]
    assert paths[0] == "/mnt/oms"
    assert "/usr/lib/python3/dist-packages/odoo/addons" in paths
    assert options["server_wide_modules"] == "web,queue_job"
    assert odoo_conf["queue_job"]["channels"] == "root:2"
    db_env = _env(compose["services"]["db"])
    assert options["db_host"] == "db"
    assert options["db_user"] == db_env["POSTGRES_USER"]
    assert options["db_password"] == db_env["POSTGRES_PASSWORD"]


def test_test_profile(compose):
    test = compose["services"]["test"]
    assert test["profiles"] == ["test"]
    assert test["command"] == ["make", "test"]
    assert test["image"] == compose["services"]["odoo"]["image"]
    assert ".:/mnt/oms:ro" in test["volumes"]
    assert test["working_dir"] == "/mnt/oms"
    env = _env(test)
    assert env["OMS_REQUIRE_ODOO"] == "1"
    assert env["PGHOST"] == "db"
    assert env["PGUSER"] == _env(compose["services"]["db"])["POSTGRES_USER"]
    # the repository is read-only there: logs and filestore go elsewhere
    assert env["OMS_STATE_DIR"].startswith("/tmp/")
    assert _healthy_db(test)


def test_readme_commands(compose):
    readme = (REPO / "README.md").read_text()
    for command in (
        "make run",
        "make test",
        "docker compose up",
        "docker compose --profile test run --rm test",
    ):
        assert command in readme
