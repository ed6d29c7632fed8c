#!/usr/bin/env python3
"""Odoo's command line (odoo-bin) for any Odoo install, started by its path.

A prefork server starts its websocket process as `python <its argv[0]> gevent
...`: `python -m odoo` cannot be started again that way, a script can. The
processes of tools/layout.py start Odoo through this file.
"""

import sys
from pathlib import Path

# this folder's modules (layout, bootstrap...) must not shadow Odoo's imports
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import odoo  # noqa: E402

if __name__ == "__main__":
    odoo.cli.main()
