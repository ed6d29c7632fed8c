#!/usr/bin/env python3
"""queue_job's job runner as a process of its own (tools/layout.py).

`python -m odoo.addons.queue_job.jobrunner` imports queue_job before it reads
the configuration: where Odoo's addons are not inside the odoo.addons package (a
source checkout, the .oms/venv of make run), the import of base_sparse_field
fails, and queue_job keeps a `[queue_job]` section it has not read yet. This
reads the configuration (the usual Odoo options: -c, -d, --log-level) first,
then runs queue_job's own entry point.
"""

import sys
from pathlib import Path

# this folder's modules (layout, bootstrap...) must not shadow Odoo's imports
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import odoo  # noqa: E402


def main():
    odoo.tools.config.parse_config(sys.argv[1:])
    odoo.netsvc.init_logger()
    # imported once the addons path is known
    from odoo.addons.queue_job.jobrunner.__main__ import (  # noqa: PLC0415
        main as run_job_runner,
    )

    run_job_runner()


if __name__ == "__main__":
    main()
