"""The production layout of the Odoo processes, described once.

`docker-compose.yml` runs it in containers, `make run WORKERS=n` and `bench/soak`
run it on this machine; tests/test_compose.py checks that all three follow this
file. Standard library only.

- HTTP nodes: prefork workers serving the web client, RPC and the jobs that the
  runner hands them; no cron and no job runner there. Several nodes can run
  behind a proxy.
- One cron node: prefork without HTTP, only cron workers.
- One job runner: queue_job's runner in its own process. It does not run jobs
  itself: it asks an HTTP node to (GET /queue_job/runjob), at most as many at once
  as its channels allow.

queue_job's runner starts inside an Odoo server only where queue_job is a
server-wide module; the HTTP and cron nodes load `base,web` only, so the
standalone runner is the only one.
"""

from pathlib import Path

# no queue_job here: a server loading it server-wide starts its own job runner
SERVER_WIDE_MODULES = "base,web"
# connections of one Odoo process's pool; a prefork worker is one process
DB_MAXCONN = 8
# the gevent (websocket) process of a node serves many clients at once
DB_MAXCONN_GEVENT = 16
CRON_WORKERS = 2
GEVENT_PORT = 8072
LIMITS = {
    # a worker past the soft limit is recycled after its request, the hard
    # limit fails the allocation; jobs run in HTTP workers, hence long times
    "limit-memory-soft": 2 * 1024**3,
    "limit-memory-hard": 5 * 1024**3 // 2,
    "limit-time-cpu": 600,
    "limit-time-real": 1200,
    "limit-time-real-cron": 1800,
    "limit-request": 8192,
}
# the job runner's own connections: one LISTEN per database, one to requeue
RUNNER_CONNECTIONS = 2
# PostgreSQL keeps these for superusers (psql, backups, replication)
RESERVED_CONNECTIONS = 10
# docker-compose.yml: workers per HTTP node, the nodes PostgreSQL is sized for
# (docker compose up --scale odoo=3) and the memory it may take
COMPOSE_WORKERS = 4
COMPOSE_NODES = 3
COMPOSE_DB_RAM_MB = 8192
# Connector accounts with a job channel of their own, root.oms.<account code>
# (capacity 1: one API call at a time keeps the account under its rate limit);
# shopify_sandbox is the demo's account
ACCOUNT_CHANNELS = ("shopify_sandbox",)


def _flags(options):
    return [f"--{key}={value}" for key, value in options.items()]


def http_node_args(workers, gevent_port=GEVENT_PORT):
    """Command-line options of an HTTP node with WORKERS prefork workers.

    Websockets (/websocket) are served on the gevent port: a proxy routes them.
    """
    return _flags(
        {
            "workers": workers,
            "max-cron-threads": 0,
            "load": SERVER_WIDE_MODULES,
            "db_maxconn": DB_MAXCONN,
            "db_maxconn_gevent": DB_MAXCONN_GEVENT,
            "gevent-port": gevent_port,
            **LIMITS,
        }
    )


def cron_node_args():
    """Command-line options of the cron node: prefork, cron workers, no HTTP.

    `--workers` only switches Odoo to prefork mode here: without HTTP it spawns
    no HTTP worker.
    """
    return [
        "--no-http",
        *_flags(
            {
                "workers": 1,
                "max-cron-threads": CRON_WORKERS,
                "load": SERVER_WIDE_MODULES,
                "db_maxconn": DB_MAXCONN,
                **LIMITS,
            }
        ),
    ]


# queue_job's standalone runner, and Odoo's command line for a prefork server,
# started by path from the repository root
JOB_RUNNER_SCRIPT = "tools/jobrunner.py"
ODOO_SCRIPT = "tools/odoo_bin.py"


def root_capacity(workers):
    """Jobs at once: half the HTTP workers, so requests always find a worker."""
    return max(1, workers // 2)


def job_channels(workers, accounts=ACCOUNT_CHANNELS):
    """queue_job channels for WORKERS HTTP workers in all.

    `root` bounds all jobs, its sub-channels' included, and takes those
    without a channel of their own; stock pushes have
    `root.oms_stock`; connector accounts share `root.oms`, each in its own
    `root.oms.<account>`. A job whose channel is not listed runs in its closest
    listed parent.
    """
    root = root_capacity(workers)
    share = min(2, root)
    channels = [f"root:{root}", f"root.oms_stock:{share}", f"root.oms:{share}"]
    channels += [f"root.oms.{account}:1" for account in accounts]
    return ",".join(channels)


def job_runner_env(workers, host, port, accounts=ACCOUNT_CHANNELS):
    """Environment of the standalone runner: its channels and the HTTP nodes.

    Channels given this way (server-wide channels) win over a `[queue_job]`
    section and over the channels configured in the database.
    """
    return {
        "ODOO_QUEUE_JOB_CHANNELS": job_channels(workers, accounts),
        "ODOO_QUEUE_JOB_HOST": str(host),
        "ODOO_QUEUE_JOB_PORT": str(port),
    }


def odoo_processes(workers, nodes=1):
    """Odoo processes holding a connection pool: per node its HTTP workers and
    its gevent worker, plus the cron node's workers."""
    return nodes * workers, nodes, CRON_WORKERS


def max_connections(workers, nodes=1):
    """PostgreSQL connections the layout may open at most, plus the reserve."""
    http, gevent, cron = odoo_processes(workers, nodes)
    return (
        (http + cron) * DB_MAXCONN
        + gevent * DB_MAXCONN_GEVENT
        + RUNNER_CONNECTIONS
        + RESERVED_CONNECTIONS
    )


def postgres_settings(workers, nodes, ram_mb):
    """PostgreSQL settings for the layout on a server with RAM_MB for it."""
    connections = max_connections(workers, nodes)
    return {
        "max_connections": connections,
        "shared_buffers": f"{ram_mb // 4}MB",
        "effective_cache_size": f"{ram_mb * 3 // 4}MB",
        # per sort or hash of a query: each connection may run a few at once
        "work_mem": f"{max(4, ram_mb // (4 * connections))}MB",
        "maintenance_work_mem": f"{min(2048, ram_mb // 16)}MB",
        "wal_buffers": "16MB",
        "min_wal_size": "1GB",
        "max_wal_size": "4GB",
        "checkpoint_completion_target": "0.9",
        "random_page_cost": "1.1",
        "effective_io_concurrency": "200",
        "log_min_duration_statement": "1000",
        "log_lock_waits": "on",
    }


def local_processes(python, conf, dbname, workers, http_port, gevent_port):
    """The layout on this machine, on loopback: [(role, command, extra env)].

    `make run WORKERS=n` and bench/soak start these three processes; the
    database must already have the addons installed.
    """
    repo = Path(__file__).resolve().parent.parent
    odoo = [str(python), str(repo / ODOO_SCRIPT), "-c", str(conf), "-d", dbname]
    http = [
        *odoo,
        *http_node_args(workers, gevent_port),
        "--http-interface=127.0.0.1",
        f"--http-port={http_port}",
    ]
    runner = [str(python), str(repo / JOB_RUNNER_SCRIPT), "-c", str(conf)]
    runner += ["-d", dbname]
    return [
        ("http", http, {}),
        ("cron", [*odoo, *cron_node_args()], {}),
        ("jobrunner", runner, job_runner_env(workers, "127.0.0.1", http_port)),
    ]
