"""Demand forecast: backtests on synthetic series with known seasonality and
intermittency, and histories with nothing, one sale or negative corrections."""

import numpy as np
import pytest

from oms_domain.forecast import (
    CROSTON,
    HOLT_WINTERS,
    HOLT_WINTERS_YEARLY,
    MEAN,
    METHODS,
    NONE,
    SBA,
    ForecastSettings,
    forecast_matrix,
    forecast_series,
)

WEEKLY = np.array([1.0, 0.8, 0.9, 1.0, 1.3, 1.8, 1.5])


def weekly_panel(rng, n, days, level=10.0, trend=0.0, yearly=0.0):
    t = np.arange(days)
    mean = level * WEEKLY[t % 7] * (1 + yearly * np.sin(2 * np.pi * t / 365))
    mean = mean + trend * t
    return rng.poisson(np.tile(mean, (n, 1))).astype(float)


def intermittent_panel(rng, n, days, probability=0.1, largest=6):
    sold = rng.random((n, days)) < probability
    return sold * rng.integers(1, largest + 1, (n, days)).astype(float)


def pooled(values):
    values = values[~np.isnan(values)]
    assert len(values), "no measurable series"
    return float(values.mean())


def test_weekly_seasonality_is_found_and_beats_seasonal_naive():
    rng = np.random.default_rng(7)
    result = forecast_matrix(weekly_panel(rng, 60, 365, trend=0.01))
    chosen = set(result.method)
    assert chosen <= set(METHODS)
    assert np.mean(result.method == HOLT_WINTERS) > 0.5
    assert pooled(result.mase) < 1.0
    assert pooled(result.mase) < pooled(result.naive_mase)
    assert pooled(result.rmsse) < pooled(result.naive_rmsse)
    # the forecast keeps the weekly shape: the busiest weekday stays the busiest
    mean_profile = result.daily[:, :7].mean(0)
    history_days = 365  # the first day sells in every series
    assert (history_days + int(np.argmax(mean_profile))) % 7 == int(np.argmax(WEEKLY))


def test_two_years_offer_the_yearly_season():
    rng = np.random.default_rng(11)
    result = forecast_matrix(weekly_panel(rng, 60, 730, yearly=0.4))
    assert np.mean(result.method == HOLT_WINTERS_YEARLY) > 0.5
    assert pooled(result.mase) < 1.0
    assert pooled(result.mase) < pooled(result.naive_mase)
    # one year of history: the yearly method is not offered
    short = forecast_matrix(weekly_panel(rng, 5, 400, yearly=0.4))
    assert HOLT_WINTERS_YEARLY not in set(short.method)


def test_intermittent_demand_goes_to_croston_family_and_beats_seasonal_naive():
    rng = np.random.default_rng(3)
    demand = intermittent_panel(rng, 200, 365)
    result = forecast_matrix(demand)
    assert np.mean(np.isin(result.method, [CROSTON, SBA])) > 0.4
    # sales on 10% of days: absolute error favours forecasting 0, so a mean
    # forecast's MASE hovers around 1; the squared scaled error shows the gain
    assert pooled(result.rmsse) < 0.8
    assert pooled(result.rmsse) < pooled(result.naive_rmsse)
    # the mean demand is forecast without bias (10% of days, 3.5 units each)
    assert result.daily.mean() == pytest.approx(0.35, rel=0.15)


def test_intermittent_sizes_that_vary_beat_seasonal_naive_on_mase():
    # sales on 30% of days (average interval 3.3 days, Syntetos-Boylan's
    # "intermittent" class), 1 to 10 units each
    rng = np.random.default_rng(4)
    result = forecast_matrix(intermittent_panel(rng, 200, 365, 0.3, 10))
    assert pooled(result.mase) < 1.0
    assert pooled(result.mase) < pooled(result.naive_mase)
    assert pooled(result.rmsse) < pooled(result.naive_rmsse)


def test_no_history():
    result = forecast_series([])
    assert result.method == NONE
    assert result.daily == (0.0,) * 28
    assert result.mase is None and result.sigma == 0.0


def test_no_sales_at_all():
    result = forecast_series([0] * 200)
    assert result.total == 0.0
    assert result.mase is None  # nothing ever changed: no scale
    assert result.sigma == 0.0


def test_one_sale():
    result = forecast_series([0] * 150 + [3] + [0] * 49)
    assert all(0.0 <= value < 0.5 for value in result.daily)
    assert result.sigma >= 0.0


def test_short_history_uses_the_mean():
    result = forecast_series([2, 0, 4, 2])
    assert result.method == MEAN
    assert result.mean_daily == pytest.approx(2.0)
    assert result.mase is None


def test_negative_corrections_and_returns_count_as_no_demand():
    rng = np.random.default_rng(5)
    demand = weekly_panel(rng, 1, 200)[0]
    with_returns = demand.copy()
    with_returns[::9] = -3.0  # days where returns exceeded sales
    result = forecast_series(with_returns)
    assert min(result.daily) >= 0.0
    assert result.mean_daily < forecast_series(demand).mean_daily + 1.0
    assert forecast_series([-5] * 100).total == 0.0


def test_nan_values_are_no_sales():
    values = [1.0, float("nan"), 2.0] * 40
    assert forecast_series(values).mean_daily >= 0.0


def test_horizon_setting():
    settings = ForecastSettings(horizon=10, backtest=14)
    result = forecast_series([1, 2, 3, 4, 5, 6, 7] * 20, settings)
    assert len(result.daily) == 10
    with pytest.raises(ValueError):
        ForecastSettings(horizon=0)


def test_rows_are_independent():
    rng = np.random.default_rng(9)
    panel = np.vstack([weekly_panel(rng, 3, 300), intermittent_panel(rng, 3, 300)])
    together = forecast_matrix(panel)
    for index in range(len(panel)):
        alone = forecast_series(panel[index])
        assert alone.method == together.method[index]
        assert alone.daily == pytest.approx(tuple(together.daily[index]))


def test_days_before_the_first_sale_do_not_make_a_history():
    rng = np.random.default_rng(12)
    recent = weekly_panel(rng, 1, 84)[0]
    padded = np.concatenate([np.zeros(730 - 84), recent])
    result = forecast_series(padded)
    assert result.history_days == 84
    assert result.method != HOLT_WINTERS_YEARLY  # no two years of sales
    assert result.mase is not None and result.mase < 1.5
    assert forecast_series([0] * 10 + [1] * 50).history_days == 50
    assert forecast_series([0, 0, 0]).history_days == 0
