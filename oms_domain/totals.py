"""Compare the totals a channel announced with the ones Odoo computed."""

from decimal import Decimal


def totals_tolerance(rounding, line_count):
    """Largest difference that per-line rounding alone can explain.

    Each line (and shipping) may round half a unit away in each system, so a full
    rounding unit per line is the bound.
    """
    return Decimal(str(rounding)) * max(1, line_count)


def totals_match(channel_total, computed_total, rounding, line_count):
    """True when the two totals differ by no more than rounding can explain."""
    diff = abs(Decimal(str(channel_total)) - Decimal(str(computed_total)))
    return diff <= totals_tolerance(rounding, line_count)
