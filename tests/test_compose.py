"""docker-compose.yml says what the README promises, and runs the layout of
tools/layout.py, the same as `make run WORKERS=n` (no Docker engine runs here)."""

import configparser
import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import layout  # noqa: E402
import omsenv  # noqa: E402
import run_odoo  # noqa: E402

ADDONS = omsenv.read_addons_txt(REPO / "addons.txt")
OWN = omsenv.own_addons(REPO)
ODOO_SERVICES = ("init", "odoo", "cron", "jobrunner")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


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


def _after(service, name, condition):
    return service["depends_on"][name]["condition"] == condition


def test_services(services):
    assert set(services) == {"db", *ODOO_SERVICES, "proxy", "test"}


def test_db_is_tuned_for_the_layout(services):
    db = services["db"]
    assert db["image"] == "postgres:16"
    assert _env(db)["POSTGRES_USER"] == "odoo"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    command = db["command"]
    assert command[0] == "postgres"
    settings = dict(arg.split("=", 1) for arg in command[2::2])
    assert command[1::2] == ["-c"] * len(settings)
    expected = layout.postgres_settings(
        layout.COMPOSE_WORKERS, layout.COMPOSE_NODES, layout.COMPOSE_DB_RAM_MB
    )
    assert settings == {key: str(value) for key, value in expected.items()}
    # room for every pool of COMPOSE_NODES nodes, the cron node and the runner
    http, gevent, cron = layout.odoo_processes(
        layout.COMPOSE_WORKERS, layout.COMPOSE_NODES
    )
    pools = (http + cron) * layout.DB_MAXCONN + gevent * layout.DB_MAXCONN_GEVENT
    assert int(settings["max_connections"]) > pools + layout.RUNNER_CONNECTIONS
    assert db["shm_size"]


def test_odoo_image_is_official_odoo_18_with_queue_job(services):
    odoo = services["odoo"]
    dockerfile = REPO / odoo["build"]["context"] / odoo["build"]["dockerfile"]
    text = dockerfile.read_text()
    assert re.search(r"^FROM odoo:18\.0$", text, re.M)
    assert "odoo-addon-queue-job>=18.0,<18.1" in text
    assert "--no-deps" in text
    # make for the test service, psql for the health checks
    assert re.search(r"apt-get install .*\bmake\b.*\bpostgresql-client\b", text)
    # the build context sends only what the Dockerfile copies
    copied = re.findall(r"^COPY (\S+)", text, re.M)
    ignore = (REPO / ".dockerignore").read_text().split()
    assert "*" in ignore and all(f"!{path}" in ignore for path in copied)


@pytest.mark.parametrize("name", ODOO_SERVICES)
def test_odoo_services_share_image_code_config_and_filestore(services, name):
    service = services[name]
    assert service["image"] == "oms-odoo:18.0"
    assert ".:/mnt/oms:ro" in service["volumes"]
    assert "./docker/odoo.conf:/etc/odoo/oms.conf:ro" in service["volumes"]
    # sessions and attachments: one volume for every node
    assert "odoo-data:/var/lib/odoo" in service["volumes"]
    env = _env(service)
    assert env["ODOO_RC"] == "/etc/odoo/oms.conf"
    assert env["PYTHONPATH"] == "/mnt/oms"  # oms_domain imports
    if name != "init":
        assert _after(service, "init", "service_completed_successfully")
        assert service["restart"] == "unless-stopped"


def test_init_creates_then_updates_the_database(services):
    init = services["init"]
    assert _after(init, "db", "service_healthy")
    assert init["restart"] == "no"
    script = " ".join(init["command"])
    installs = re.findall(r"--init=(\S+?);", script)
    updates = re.findall(r"--update=(\S+?);", script)
    assert installs and installs[0].split(",") == ADDONS
    assert updates and updates[0].split(",") == OWN
    assert script.count("--stop-after-init") == 2


def test_http_node(services):
    odoo = services["odoo"]
    assert "ports" not in odoo  # only the proxy is published
    assert {str(port) for port in odoo["expose"]} == {"8069", str(layout.GEVENT_PORT)}
    command = odoo["command"]
    assert command[:2] == ["odoo", "--database=oms_demo"]
    assert command[2:] == layout.http_node_args(layout.COMPOSE_WORKERS)
    assert "/web/health" in " ".join(odoo["healthcheck"]["test"])


def test_cron_node(services):
    cron = services["cron"]
    assert cron["command"] == ["odoo", "--database=oms_demo", *layout.cron_node_args()]
    assert "ir_cron" in " ".join(cron["healthcheck"]["test"])


def test_job_runner(services):
    runner = services["jobrunner"]
    assert runner["command"] == [
        "python3",
        f"/mnt/oms/{layout.JOB_RUNNER_SCRIPT}",
        "--database=oms_demo",
    ]
    env = _env(runner)
    expected = layout.job_runner_env(layout.COMPOSE_WORKERS, "odoo", 8069)
    assert {key: env[key] for key in expected} == expected
    channels = env["ODOO_QUEUE_JOB_CHANNELS"].split(",")
    assert channels[0] == f"root:{layout.root_capacity(layout.COMPOSE_WORKERS)}"
    assert all(
        f"root.oms.{account}:1" in channels for account in layout.ACCOUNT_CHANNELS
    )
    assert _after(runner, "odoo", "service_healthy")
    assert "queue_job" in " ".join(runner["healthcheck"]["test"])


def test_proxy_routes_websockets_and_hides_runjob(services):
    proxy = services["proxy"]
    assert proxy["ports"] == ["127.0.0.1:8069:80"]
    assert "./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert _after(proxy, "odoo", "service_healthy")
    nginx = (REPO / "docker" / "nginx.conf").read_text()
    assert "server odoo:8069;" in nginx
    assert f"server odoo:{layout.GEVENT_PORT};" in nginx
    assert re.search(
        r"location /websocket \{[^}]*proxy_pass http://odoo_websocket", nginx
    )
    assert re.search(r"location /queue_job/ \{\s*return 404;", nginx)
    assert "X-Forwarded-Proto" in nginx


def test_odoo_conf(odoo_conf, services):
    options = odoo_conf["options"]
    paths = [path.strip() for path in options["addons_path"].split(",")]
    assert paths[0] == "/mnt/oms"
    assert "/usr/lib/python3/dist-packages/odoo/addons" in paths
    # no node starts a job runner of its own: the jobrunner service is the one
    assert options["server_wide_modules"] == layout.SERVER_WIDE_MODULES
    assert "queue_job" not in options["server_wide_modules"]
    assert options["proxy_mode"] == "True"
    assert options["data_dir"] == "/var/lib/odoo"
    db_env = _env(services["db"])
    assert options["db_host"] == "db"
    assert options["db_user"] == db_env["POSTGRES_USER"]
    assert options["db_password"] == db_env["POSTGRES_PASSWORD"]


def test_test_profile(services):
    test = services["test"]
    assert test["profiles"] == ["test"]
    assert test["command"] == ["make", "test"]
    assert test["image"] == services["odoo"]["image"]
    assert ".:/mnt/oms:ro" in test["volumes"]
    assert test["working_dir"] == "/mnt/oms"
    env = _env(test)
    assert env["OMS_REQUIRE_ODOO"] == "1"
    assert env["PGHOST"] == "db"
    assert env["PGUSER"] == _env(services["db"])["POSTGRES_USER"]
    # the repository is read-only there: logs and filestore go elsewhere
    assert env["OMS_STATE_DIR"].startswith("/tmp/")
    assert _after(test, "db", "service_healthy")


def _make_run(monkeypatch, workers):
    """The processes `make run WORKERS=n` starts (nothing really runs)."""
    started = []

    class Done:
        returncode = 0

        def poll(self):
            return 0

    def start(processes, env, **_kwargs):
        started.extend(processes)
        return [(role, Done()) for role, _cmd, _env in processes]

    info = {"python": "/venv/bin/python", "version": [18, 0]}
    db = {"host": "127.0.0.1", "port": "5432", "user": "odoo"}
    monkeypatch.setenv("WORKERS", str(workers))
    monkeypatch.setattr(run_odoo, "STATE_DIR", Path("/nonexistent"))
    monkeypatch.setattr(omsenv, "prepare_odoo", lambda: (info, [str(REPO)], db))
    monkeypatch.setattr(run_odoo, "run_conf", lambda *a: Path("/tmp/run.conf"))
    monkeypatch.setattr(omsenv, "database_exists", lambda *a: True)
    monkeypatch.setattr(omsenv, "installed_modules", lambda *a: set(ADDONS))
    monkeypatch.setattr(run_odoo.subprocess, "run", lambda *a, **k: Done())
    monkeypatch.setattr(omsenv, "start_processes", start)
    monkeypatch.setattr(omsenv, "wait_http", lambda *a, **k: True)
    monkeypatch.setattr(omsenv, "stop_processes", lambda *a, **k: None)
    monkeypatch.setattr(run_odoo.os, "chdir", lambda _path: None)
    run_odoo.main()
    return {role: (cmd, env) for role, cmd, env in started}


def test_make_run_workers_runs_the_compose_layout(monkeypatch, services):
    ran = _make_run(monkeypatch, 2)
    assert list(ran) == ["http", "cron", "jobrunner"]

    def role_args(cmd):
        # after `python -m odoo -c conf -d db`; without what differs by design:
        # the worker count and the addresses
        args = cmd[cmd.index("-d") + 2 :]
        return [
            arg
            for arg in args
            if not arg.startswith(("--workers=", "--gevent-port=", "--http-"))
        ]

    compose_http = services["odoo"]["command"][1:]
    compose_http.insert(0, "-d")
    assert role_args(ran["http"][0]) == role_args(compose_http)
    assert "--workers=2" in ran["http"][0]
    assert ran["cron"][0][-len(layout.cron_node_args()) :] == layout.cron_node_args()
    assert services["cron"]["command"][2:] == layout.cron_node_args()

    runner_cmd, runner_env = ran["jobrunner"]
    assert runner_cmd[1] == str(REPO / layout.JOB_RUNNER_SCRIPT)
    assert services["jobrunner"]["command"][1] == "/mnt/oms/" + layout.JOB_RUNNER_SCRIPT
    assert runner_env["ODOO_QUEUE_JOB_CHANNELS"] == layout.job_channels(2)
    assert runner_env["ODOO_QUEUE_JOB_HOST"] == "127.0.0.1"
    assert runner_env["ODOO_QUEUE_JOB_PORT"] == "8069"


def test_layout_figures():
    assert layout.root_capacity(1) == 1
    assert layout.root_capacity(8) == 4
    assert layout.job_channels(2, accounts=("a", "b")) == (
        "root:1,root.oms_stock:1,root.oms:1,root.oms.a:1,root.oms.b:1"
    )
    # 2 nodes x 4 workers + 2 cron workers at 8, 2 gevent workers at 16, 2 + 10
    assert layout.max_connections(4, nodes=2) == 10 * 8 + 2 * 16 + 2 + 10
    assert "--max-cron-threads=0" in layout.http_node_args(3)
    assert "--no-http" in layout.cron_node_args()
    for args in (layout.http_node_args(3), layout.cron_node_args()):
        assert f"--load={layout.SERVER_WIDE_MODULES}" in args
        assert "queue_job" not in layout.SERVER_WIDE_MODULES


def test_readme_commands():
    readme = (REPO / "README.md").read_text()
    for command in (
        "make run",
        "make run WORKERS=",
        "make test",
        "make test-addon T=",
        "docker compose up",
        "docker compose --profile test run --rm test",
        "--scale odoo=",
        "db_replica_host",
    ):
        assert command in readme, command
