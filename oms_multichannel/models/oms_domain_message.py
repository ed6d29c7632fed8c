# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from decimal import Decimal

from odoo import api, models
from odoo.tools import format_date, formatLang
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# oms_domain.allocation: why a candidate location was chosen or lost.
ALLOCATION_REASONS = {
    "chosen": _lt("Ships %(units)s of the %(ordered)s units ordered."),
    "chosen_incoming": _lt(
        "Ships %(units)s backordered units after its incoming receipt of %(date)s."
    ),
    "shipping_off": _lt("Does not ship orders (shipping from this store is off)."),
    "capacity": _lt("Daily capacity reached (%(used)s of %(capacity)s orders)."),
    "excluded": _lt("Excluded: it could not ship these lines before."),
    "no_stock": _lt("None of the ordered products is available."),
    "no_stock_safety": _lt(
        "None of the ordered products is available once %(safety)s units per "
        "product are kept for walk-in customers."
    ),
    "not_whole": _lt(
        "Cannot ship the whole order (%(units)s of %(ordered)s units); %(winner)s can."
    ),
    "zone": _lt("%(winner)s is preferred for the ship-to zone %(zone)s."),
    "distance": _lt(
        "Farther from the customer: %(distance)s km against %(winner_distance)s km "
        "from %(winner)s."
    ),
    "priority": _lt(
        "Lower fulfilment priority (%(priority)s) than %(winner)s "
        "(%(winner_priority)s)."
    ),
    "stock": _lt(
        "Fewer of the ordered units available (%(units)s against %(winner_units)s "
        "at %(winner)s)."
    ),
    "fewer_units": _lt(
        "Would ship fewer of the missing units (%(units)s) than %(winner)s "
        "(%(winner_units)s), so more shipments."
    ),
    "tie": _lt(
        "Same score as %(winner)s; the tie goes to fulfilment priority, then name."
    ),
    "not_needed": _lt("Not needed: what it could ship is allocated from %(winners)s."),
    "dropship": _lt(
        "No location can ship %(units)s units: the supplier %(supplier)s ships them "
        "to the customer (dropship)."
    ),
}

# oms_domain.ats: policies refused (DomainError codes), the self-tuning buffer's
# explanation (BufferSuggestion.bound) and durations (duration_parts units).
ATS_MESSAGES = {
    "share_percent_range": _lt(
        "The share of stock must be between 0 and 100 %%, not %(value)s."
    ),
    "buffer_negative": _lt("The buffer cannot be negative (%(value)s)."),
    "max_qty_negative": _lt("The maximum to advertise cannot be negative (%(value)s)."),
    "zero_below_negative": _lt(
        'The "show 0 below" level cannot be negative (%(value)s).'
    ),
    "sales_window_too_short": _lt("The sales window must be at least one day."),
    "buffer_bounds": _lt(
        "The minimum buffer (%(minimum)s) cannot be negative or above the maximum "
        "buffer (%(maximum)s)."
    ),
    "buffer_override": _lt(
        "Buffer %(buffer)s set on the product override (the channel's: "
        "%(channel_buffer)s)."
    ),
    "buffer_fixed": _lt("Fixed buffer of the channel: %(buffer)s."),
    "buffer_pending": _lt(
        "%(explanation)s Figures computed with a buffer of %(used)s: being recomputed."
    ),
    "buffer_self_tuned": _lt(
        "%(sold)s units sold on all channels in %(days)s days × measured sync "
        "latency %(latency)s ≈ %(expected)s units sold before the channel is "
        "updated; rounded: %(buffer)s."
    ),
    "buffer_self_tuned_minimum": _lt(
        "%(sold)s units sold on all channels in %(days)s days × measured sync "
        "latency %(latency)s ≈ %(expected)s units sold before the channel is "
        "updated; rounded to %(rounded)s, raised to the minimum: %(buffer)s."
    ),
    "buffer_self_tuned_maximum": _lt(
        "%(sold)s units sold on all channels in %(days)s days × measured sync "
        "latency %(latency)s ≈ %(expected)s units sold before the channel is "
        "updated; rounded to %(rounded)s, capped at the maximum: %(buffer)s."
    ),
    "duration_s": _lt("%(value)s s"),
    "duration_min": _lt("%(value)s min"),
    "duration_h": _lt("%(value)s h"),
}

# oms_domain.sync: what failed in a stock push (StockExportError.code), for the
# chatter and the channel's banner; what the channel answered stays in the
# managers' error detail.
STOCK_EXPORT_MESSAGES = {
    "stock_export_http_status": _lt("the channel answered HTTP %(status)s"),
    "stock_export_timeout": _lt("the channel did not answer in time"),
    "stock_export_connection": _lt("the channel could not be reached"),
    "stock_export_refused": _lt("the endpoint address is not allowed"),
    "stock_export_error": _lt("the channel did not take the stock levels"),
}


# oms_domain.replenishment: reorder policies refused (DomainError codes).
REPLENISHMENT_MESSAGES = {
    "service_level_range": _lt(
        "The service level must be above 0 and below 100 %%, not %(value)s."
    ),
    "lead_time_negative": _lt("The lead time cannot be negative (%(value)s days)."),
    "review_negative": _lt("The review period cannot be negative (%(value)s days)."),
}


class OmsDomainMessage(models.AbstractModel):
    """The one place where codes of ``oms_domain`` become translated sentences.

    Domain results and errors carry a code and plain values; the allocation
    trace, the what-if wizard, the available-to-sell screens and the
    validation errors of this addon all word them here. Addons add their own
    codes by extending :meth:`_oms_messages`.
    """

    _name = "oms.domain.message"
    _description = "Messages of the Domain Codes"

    @api.model
    def _oms_messages(self):
        """``{code: lazy translated text}`` of every known code."""
        return {
            **ALLOCATION_REASONS,
            **ATS_MESSAGES,
            **STOCK_EXPORT_MESSAGES,
            **REPLENISHMENT_MESSAGES,
        }

    @api.model
    def _oms_message(self, code, params=None):
        """Translated sentence of ``code`` in the user's language.

        :param params: mapping or ``(name, value)`` pairs of plain values;
            numbers, dates and tuples of names are formatted here
        """
        template = self._oms_messages().get(code)
        if template is None:
            # A code nobody worded yet: better the code than nothing.
            return code
        values = {
            name: self._oms_format_value(name, value)
            for name, value in dict(params or ()).items()
        }
        # The lazy template is translated as a whole, then filled in.
        sentence = self.env._(template)
        return sentence % values

    @api.model
    def _oms_error_message(self, error):
        """Translated sentence of an ``oms_domain.errors.DomainError``."""
        return self._oms_message(
            getattr(error, "code", str(error)), getattr(error, "params", None)
        )

    @api.model
    def _oms_duration(self, parts):
        """Translated duration of ``oms_domain.ats.duration_parts()``."""
        value, unit = parts
        return self._oms_message("duration_%s" % unit, {"value": value})

    @api.model
    def _oms_format_value(self, name, value):
        if value is None:
            return "?"
        if isinstance(value, bool | str):
            return value
        if isinstance(value, date):
            return format_date(self.env, value)
        if isinstance(value, tuple | list):
            return ", ".join(str(item) for item in value)
        if name.endswith("distance"):
            return formatLang(self.env, value, digits=0)
        if isinstance(value, Decimal | float | int):
            return self._oms_format_number(value)
        return value

    @api.model
    def _oms_format_number(self, value):
        """Short text of a quantity or score: no trailing zeros."""
        number = float(value)
        if number % 1:
            return ("%.2f" % number).rstrip("0").rstrip(".")
        return "%d" % number
