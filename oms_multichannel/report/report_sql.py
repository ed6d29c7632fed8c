# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager


@contextmanager
def without_jit(cr):
    """Run the dashboard's aggregates without PostgreSQL's JIT compilation.

    Their cost estimates pass ``jit_above_cost`` on a few hundred thousand
    rows, and compiling then takes seconds for queries that run in tenths of
    one (bench/dashboard). The setting is put back afterwards.
    """
    cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    previous = cr.fetchone()[0]
    try:
        yield
    finally:
        cr.execute("SELECT set_config('jit', %s, true)", [previous])


class WithoutJitMixin:
    """For report models: grouped reads and searches without JIT."""

    def _read_group(self, *args, **kwargs):
        with without_jit(self.env.cr):
            return super()._read_group(*args, **kwargs)

    def search_fetch(self, *args, **kwargs):
        with without_jit(self.env.cr):
            return super().search_fetch(*args, **kwargs)
