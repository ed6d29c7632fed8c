"""Daily demand forecast per product and location, chosen per series by backtest.

Input is a matrix of daily demand, one row per series (product x warehouse), one
column per day, oldest first; every row of a matrix covers the same days. Returns
and negative corrections are netted in by the caller and clipped at 0 here: a day
cannot sell fewer than nothing.

Candidate methods, all run on the whole matrix at once (numpy over the series, a
loop over the days), each with a small grid of smoothing parameters chosen per
series by one-step-ahead squared error before the first backtest origin:

- ``ses``: simple exponential smoothing (a level);
- ``snaive``: seasonal naive, the same weekday of the last week (the baseline);
- ``croston`` and ``sba``: Croston's method for intermittent demand and its
  Syntetos-Boylan bias correction;
- ``holt_winters``: additive error-correction Holt-Winters with a damped trend and
  a weekly season (ETS(A,Ad,A));
- ``holt_winters_yearly``: the same on the series less a yearly profile, offered
  when the history covers two years.

Selection and error are measured on backtest windows of ``backtest`` days at the
end of the history (forecasts made from the state at each window's start): the
method with the lowest mean squared error over the three selection windows is
chosen (squared error, because replenishment needs the mean demand, whereas
absolute error would prefer forecasting 0 for intermittent series), and its MASE
is measured on the last window, after them. MASE scales the mean absolute error by
the in-sample mean absolute error of the seasonal naive forecast (lag 7); a series
that never changed in its history (no sales at all) has no scale and no MASE. For
intermittent series the MASE of any unbiased forecast stays close to 1 (forecasting
0 scores better on absolute error), so the root mean squared scaled error (RMSSE,
squared errors scaled by the seasonal naive's in-sample squared error, as in the M5
competition) is given too; both are given for the seasonal naive forecast on the
same window. The forecast itself starts from the state after the last day.
"""

from dataclasses import dataclass

import numpy as np

WEEK = 7
YEAR = 365

SES = "ses"
SNAIVE = "snaive"
SBA = "sba"
CROSTON = "croston"
HOLT_WINTERS = "holt_winters"
HOLT_WINTERS_YEARLY = "holt_winters_yearly"
MEAN = "mean"
NONE = "none"

# In order of preference when two methods err exactly as much (e.g. no sales).
METHODS = (SES, SNAIVE, SBA, CROSTON, HOLT_WINTERS, HOLT_WINTERS_YEARLY)

_SES_ALPHAS = np.array([0.02, 0.05, 0.1, 0.2, 0.35, 0.6])
_CROSTON_ALPHAS = np.array([0.05, 0.1, 0.2, 0.3])
# (alpha, beta, gamma) of Holt-Winters; beta is the trend's error share.
_HW_GRID = np.array(
    [
        (alpha, beta, gamma)
        for alpha in (0.03, 0.1, 0.3)
        for beta in (0.0, 0.01)
        for gamma in (0.03, 0.15)
    ]
)
_HW_PHI = 0.98
# Backtest windows that choose the method; one more window after them measures it.
SELECTION_WINDOWS = 3


@dataclass(frozen=True)
class ForecastSettings:
    """How far to forecast and how to backtest.

    :param horizon: days forecast after the last day of history
    :param backtest: days of each of the two backtest windows; shorter histories
        use shorter windows, and below two weeks per window no backtest is made
        (the forecast is then the mean of the history)
    :param yearly_min_days: days since a series' first sale needed to offer it
        the yearly-seasonal method: two years, less a month of slack for a first
        sale a few days after the history starts
    """

    horizon: int = 28
    backtest: int = 28
    yearly_min_days: int = 2 * YEAR - 30

    def __post_init__(self):
        if self.horizon < 1 or self.backtest < 1:
            raise ValueError("horizon and backtest must be at least one day")


DEFAULT_SETTINGS = ForecastSettings()


@dataclass(frozen=True)
class SeriesForecast:
    """The forecast of one series.

    :param method: the method chosen (one of ``METHODS``, ``mean`` for short
        histories, ``none`` without history)
    :param daily: forecast demand of each day of the horizon, never negative
    :param mase: MASE of the chosen method on the last backtest window, or None
        when it cannot be measured (no backtest, or a history with no variation)
    :param naive_mase: MASE of the seasonal naive forecast on the same window
    :param rmsse: root mean squared scaled error on the same window (the M5
        competition's measure, meaningful for intermittent series), None when it
        cannot be measured; ``naive_rmsse`` the seasonal naive's
    :param sigma: standard deviation of the daily forecast error (root mean square
        error of the chosen method over both backtest windows), the figure safety
        stock is computed from
    :param history_days: days of history since the first sale (0: never sold)
    """

    method: str
    daily: tuple
    mase: float | None
    naive_mase: float | None
    rmsse: float | None
    naive_rmsse: float | None
    sigma: float
    history_days: int

    @property
    def mean_daily(self):
        """Mean forecast demand per day over the horizon."""
        return sum(self.daily) / len(self.daily) if self.daily else 0.0

    @property
    def total(self):
        """Forecast demand over the whole horizon."""
        return float(sum(self.daily))


@dataclass
class MatrixForecast:
    """Forecasts of every row of a matrix, as arrays (row i is series i)."""

    method: np.ndarray  # (n,) str
    daily: np.ndarray  # (n, horizon)
    mase: np.ndarray  # (n,) NaN when not measurable
    naive_mase: np.ndarray  # (n,)
    rmsse: np.ndarray  # (n,) NaN when not measurable
    naive_rmsse: np.ndarray  # (n,)
    sigma: np.ndarray  # (n,)
    history_days: np.ndarray  # (n,) days since the first sale

    def __len__(self):
        return len(self.method)

    def series(self, index):
        """The :class:`SeriesForecast` of row ``index``."""

        def optional(value):
            return None if np.isnan(value) else float(value)

        return SeriesForecast(
            method=str(self.method[index]),
            daily=tuple(float(v) for v in self.daily[index]),
            mase=optional(self.mase[index]),
            naive_mase=optional(self.naive_mase[index]),
            rmsse=optional(self.rmsse[index]),
            naive_rmsse=optional(self.naive_rmsse[index]),
            sigma=float(self.sigma[index]),
            history_days=int(self.history_days[index]),
        )


def forecast_series(history, settings=DEFAULT_SETTINGS):
    """Forecast one series of daily demand (any iterable of numbers)."""
    values = np.asarray(list(history), dtype=float).reshape(1, -1)
    return forecast_matrix(values, settings).series(0)


def forecast_matrix(matrix, settings=DEFAULT_SETTINGS):
    """Forecast every row of ``matrix`` (n series x T days) at once.

    Memory grows with n x T and with the parameter grid (about 12 x n floats
    per state); callers with many series pass them in chunks of a few thousand.
    """
    demand = np.nan_to_num(np.asarray(matrix, dtype=float), nan=0.0)
    if demand.ndim != 2:
        raise ValueError("a forecast needs a matrix of series x days")
    demand = np.maximum(demand, 0.0)
    n, days = demand.shape
    horizon = settings.horizon
    window = min(settings.backtest, (days - 2 * WEEK) // (SELECTION_WINDOWS + 1))
    if n == 0 or days == 0 or window < WEEK:
        return _short_history(demand, horizon)
    # rows share the days, not their start: a product first sold last month has
    # zeros before, which say nothing of a yearly season or of its variation
    sold = demand > 0
    first_sale = np.where(sold.any(1), sold.argmax(1), days)
    active = days - first_sale

    # selection origins, then the evaluation origin, then the end of history
    origins = tuple(days - k * window for k in range(SELECTION_WINDOWS + 1, -1, -1))
    origin_b = origins[-2]
    steps = max(window, horizon)
    runs = {
        SES: _run_ses(demand, origins, steps),
        SNAIVE: _run_snaive(demand, origins, steps),
        HOLT_WINTERS: _run_holt_winters(demand, origins, steps),
    }
    runs[CROSTON], runs[SBA] = _run_croston(demand, origins, steps)
    yearly = active >= settings.yearly_min_days
    if yearly.any():
        profile = _yearly_profile(demand, origin_b)
        seasonal = profile[:, np.arange(days + steps) % YEAR]
        deseasoned = _run_holt_winters(demand - seasonal[:, :days], origins, steps)
        runs[HOLT_WINTERS_YEARLY] = [
            forecast + seasonal[:, origin : origin + steps]
            for origin, forecast in zip(origins, deseasoned, strict=True)
        ]
    names = [name for name in METHODS if name in runs]
    # forecasts[method][origin index] -> (n, steps), never negative
    forecasts = [[np.maximum(f, 0.0) for f in runs[name]] for name in names]
    actual = [demand[:, origin : origin + window] for origin in origins[:-1]]

    # squared error picks the method: replenishment needs the mean demand, and
    # absolute error would prefer forecasting 0 for intermittent series
    selection_error = np.stack(
        [
            sum(
                ((f[i][:, :window] - actual[i]) ** 2).mean(1)
                for i in range(SELECTION_WINDOWS)
            )
            for f in forecasts
        ]
    )
    if HOLT_WINTERS_YEARLY in names:
        selection_error[names.index(HOLT_WINTERS_YEARLY), ~yearly] = np.inf
    chosen = np.argmin(selection_error, axis=0)
    rows = np.arange(n)

    def chosen_at(index, length):
        return np.stack([f[index][:, :length] for f in forecasts])[chosen, rows]

    stacked_b = chosen_at(SELECTION_WINDOWS, window)
    actual_b = actual[-1]
    final = chosen_at(len(origins) - 1, horizon)

    # in-sample seasonal naive errors since each row's first sale
    lagged = demand[:, WEEK:origin_b] - demand[:, : origin_b - WEEK]
    since_sale = np.arange(WEEK, origin_b)[None, :] >= (first_sale + WEEK)[:, None]
    counted = np.maximum(since_sale.sum(1), 1)
    scale = (np.abs(lagged) * since_sale).sum(1) / counted
    squared = (lagged**2 * since_sale).sum(1) / counted
    with np.errstate(divide="ignore", invalid="ignore"):
        mase = np.where(scale > 0, np.abs(stacked_b - actual_b).mean(1) / scale, np.nan)
        naive = forecasts[names.index(SNAIVE)][SELECTION_WINDOWS][:, :window]
        naive_mase = np.where(
            scale > 0, np.abs(naive - actual_b).mean(1) / scale, np.nan
        )
        rmsse = np.where(
            squared > 0,
            np.sqrt(((stacked_b - actual_b) ** 2).mean(1) / squared),
            np.nan,
        )
        naive_rmsse = np.where(
            squared > 0, np.sqrt(((naive - actual_b) ** 2).mean(1) / squared), np.nan
        )
    errors = np.concatenate(
        [chosen_at(i, window) - actual[i] for i in range(len(actual))], axis=1
    )
    sigma = np.sqrt((errors**2).mean(1))
    return MatrixForecast(
        method=np.array(names, dtype=object)[chosen],
        daily=final,
        mase=mase,
        naive_mase=naive_mase,
        rmsse=rmsse,
        naive_rmsse=naive_rmsse,
        sigma=sigma,
        history_days=active,
    )


def _short_history(demand, horizon):
    """Without enough history for a backtest: the mean, its spread as error."""
    n, days = demand.shape
    if days:
        mean, sigma = demand.mean(1), demand.std(1)
    else:
        mean = sigma = np.zeros(n)
    method = MEAN if days else NONE
    sold = demand > 0
    active = np.where(sold.any(1), days - sold.argmax(1), 0) if days else np.zeros(n)
    return MatrixForecast(
        method=np.full(n, method, dtype=object),
        daily=np.repeat(mean[:, None], horizon, axis=1),
        mase=np.full(n, np.nan),
        naive_mase=np.full(n, np.nan),
        rmsse=np.full(n, np.nan),
        naive_rmsse=np.full(n, np.nan),
        sigma=sigma,
        history_days=active.astype(int),
    )


def _fit_window(origins):
    """Days whose one-step errors choose the parameters: before the first origin."""
    return 2 * WEEK, origins[0]


def _pick(values, best):
    """values (n, C) -> (n,) the column best[i] of each row."""
    return values[np.arange(values.shape[0]), best]


def _run_ses(demand, origins, steps):
    n, days = demand.shape
    alphas = _SES_ALPHAS[None, :]
    level = np.repeat(demand[:, : 2 * WEEK].mean(1, keepdims=True), len(_SES_ALPHAS), 1)
    sse = np.zeros_like(level)
    start, stop = _fit_window(origins)
    best = None
    out = []
    for t in range(days + 1):
        if t == stop:
            best = np.argmin(sse, axis=1)
        if t in origins:
            out.append(np.repeat(_pick(level, best)[:, None], steps, axis=1))
        if t == days:
            break
        error = demand[:, t, None] - level
        if start <= t < stop:
            sse += error * error
        level += alphas * error
    return out


def _run_snaive(demand, origins, steps):
    lags = (np.arange(steps) % WEEK) - WEEK
    return [demand[:, origin + lags] for origin in origins]


def _run_croston(demand, origins, steps):
    """Croston's forecasts and SBA's, each with its own smoothing constant."""
    n, days = demand.shape
    alphas = _CROSTON_ALPHAS[None, :]
    correction = 1.0 - alphas / 2.0
    size = np.zeros((n, len(_CROSTON_ALPHAS)))
    interval = np.ones_like(size)
    since = np.ones((n, 1))  # days since the last demand, counting today
    seen = np.zeros((n, 1))  # 1.0 once the series has sold
    sse_croston = np.zeros_like(size)
    sse_sba = np.zeros_like(size)
    start, stop = _fit_window(origins)
    best_c = best_s = None
    croston_out, sba_out = [], []
    for t in range(days + 1):
        rate = size / interval
        if t == stop:
            best_c = np.argmin(sse_croston, axis=1)
            best_s = np.argmin(sse_sba, axis=1)
        if t in origins:
            croston_out.append(np.repeat(_pick(rate, best_c)[:, None], steps, axis=1))
            sba = _pick(rate * correction, best_s)
            sba_out.append(np.repeat(sba[:, None], steps, axis=1))
        if t == days:
            break
        value = demand[:, t, None]
        if start <= t < stop:
            error = value - rate
            sse_croston += error * error
            error = value - rate * correction
            sse_sba += error * error
        if not value.any():
            since += 1.0
            continue
        sold = (value > 0).astype(float)
        # the first sale sets size and interval (a weight of 1), later ones smooth
        weight = (alphas + (1.0 - alphas) * (1.0 - seen)) * sold
        size += weight * (value - size)
        interval += weight * (since - interval)
        np.maximum(seen, sold, out=seen)
        since += 1.0
        since *= 1.0 - sold
        since += sold
    return croston_out, sba_out


def _run_holt_winters(demand, origins, steps):
    """ETS(A,Ad,A) with a weekly season, over a grid of (alpha, beta, gamma)."""
    n, days = demand.shape
    combos = len(_HW_GRID)
    alpha, beta, gamma = (_HW_GRID[:, i][None, :] for i in range(3))
    phi = _HW_PHI
    first = demand[:, : 2 * WEEK]
    base = first.mean(1)
    level = np.repeat(base[:, None], combos, 1)
    trend = np.zeros_like(level)
    weekday = first.reshape(n, 2, WEEK).mean(1) - base[:, None]  # (n, 7)
    # one contiguous (n, C) block per weekday
    season = np.repeat(weekday.T[:, :, None], combos, 2)  # (7, n, C)
    sse = np.zeros_like(level)
    error = np.empty_like(level)
    start, stop = _fit_window(origins)
    damping = np.cumsum(phi ** np.arange(1, steps + 1))  # (steps,)
    best = None
    rows = np.arange(n)
    out = []
    for t in range(days + 1):
        if t == stop:
            best = np.argmin(sse, axis=1)
        if t in origins:
            lvl = level[rows, best][:, None]
            trd = trend[rows, best][:, None]
            seas = season[:, rows, best].T  # (n, 7)
            out.append(
                lvl + damping[None, :] * trd + seas[:, (t + np.arange(steps)) % WEEK]
            )
        if t == days:
            break
        seas_k = season[t % WEEK]
        trend *= phi
        # error = actual - (level + damped trend + season)
        np.subtract(demand[:, t, None], level, out=error)
        error -= trend
        error -= seas_k
        if start <= t < stop:
            sse += error * error
        level += trend
        level += alpha * error
        trend += beta * error
        seas_k += gamma * error
    return out


def _yearly_profile(demand, end):
    """(n, 365) additive yearly profile estimated on days [0, end).

    The weekly pattern is averaged away (7-day moving mean) and a straight trend
    removed, then each day of the year is averaged over the years seen and the
    profile smoothed over a month.
    """
    n = demand.shape[0]
    history = demand[:, :end]
    cumulative = np.cumsum(np.pad(history, ((0, 0), (WEEK, 0)), mode="edge"), axis=1)
    weekly = (cumulative[:, WEEK:] - cumulative[:, :-WEEK]) / WEEK  # trailing mean
    days = np.arange(end, dtype=float)
    centred = days - days.mean()
    slope = (weekly * centred).sum(1) / (centred**2).sum()
    detrended = weekly - weekly.mean(1, keepdims=True) - slope[:, None] * centred
    # the trailing mean lags by three days: shift it back
    detrended = np.roll(detrended, -(WEEK // 2), axis=1)
    sums = np.zeros((n, YEAR))
    counts = np.zeros(YEAR)
    for start in range(0, end - WEEK // 2, YEAR):
        part = detrended[:, start : min(start + YEAR, end - WEEK // 2)]
        sums[:, : part.shape[1]] += part
        counts[: part.shape[1]] += 1
    profile = sums / np.maximum(counts, 1)
    span = 15
    padded = np.concatenate([profile[:, -span:], profile, profile[:, :span]], axis=1)
    width = 2 * span + 1
    cumulative = np.cumsum(np.pad(padded, ((0, 0), (1, 0))), axis=1)
    smooth = (cumulative[:, width:] - cumulative[:, :-width]) / width
    return smooth - smooth.mean(1, keepdims=True)
