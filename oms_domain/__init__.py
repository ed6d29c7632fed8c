"""Domain logic of the multichannel OMS, free of any Odoo import.

The Odoo addons read records in batches, call these functions with plain data and
write the results back. Everything here is unit-tested without a database.
"""

from .errors import DomainError
from .intake import (
    IntakeProblem,
    NormalizedAddress,
    NormalizedLine,
    NormalizedOrder,
    parse_order,
)
from .status import OmsStatus, derive_status
from .totals import totals_match, totals_tolerance
