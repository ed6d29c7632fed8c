"""Domain logic of the multichannel OMS, free of any Odoo import.

The Odoo addons read records in batches, call these functions with plain data and
write the results back. Everything here is unit-tested without a database.
"""

from .errors import DomainError
from .intake import (
    IntakeCode,
    IntakeProblem,
    NormalizedAddress,
    NormalizedLine,
    NormalizedOrder,
    order_key,
    parse_order,
)
from .payload import RawPayload, json_text, raw_payload, storable_text
from .status import OmsStatus, derive_status
from .totals import totals_match, totals_tolerance
