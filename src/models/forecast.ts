/**
 * Forecasts by exponential smoothing (issue 24): simple (level), Holt's (level + trend) and additive
 * Holt–Winters (level + trend + season, offered only with at least two full cycles), in the error-correction
 * form of Hyndman et al. (2008):
 *   e_t = y_t − (ℓ + b + s_{t−m}),  ℓ ← ℓ + b + α e,  b ← b + β e,  s_t = s_{t−m} + γ e.
 * Smoothing parameters minimise the in-sample squared one-step errors (Nelder–Mead in logit space); the model is
 * chosen by AIC; prediction intervals use the class-1 variance σ²(1 + Σ_{j<h} c_j²), c_j = α + βj + γ[j mod m = 0].
 * A backtest holds out the last periods and compares the chosen method with the naive and seasonal-naive forecasts.
 */

export type SmoothingKind = 'simple' | 'trend' | 'seasonal';

export interface SmoothingParameters {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface SmoothingFit {
  kind: SmoothingKind;
  parameters: SmoothingParameters;
  /** Season length (1 without seasonality). */
  season: number;
  /** One-step-ahead fitted values, aligned with the series. */
  fitted: Float64Array;
  sse: number;
  /** Residual variance: sse / (n − parameters). */
  sigma2: number;
  aic: number;
  /** States after the last observation. */
  level: number;
  trend: number;
  seasonal: Float64Array;
}

export interface ForecastPoint {
  step: number;
  value: number;
  lo: number;
  hi: number;
}

const Z95 = 1.959963984540054;

/** Initial states: level and trend from the first cycle(s), seasonal deviations from the first cycle's mean. */
function initialStates(y: ArrayLike<number>, kind: SmoothingKind, m: number): { level: number; trend: number; seasonal: Float64Array } {
  const seasonal = new Float64Array(m);
  if (kind === 'seasonal') {
    const mean = (from: number) => {
      let s = 0;
      for (let i = from; i < from + m; i++) s += y[i]!;
      return s / m;
    };
    const first = mean(0);
    const second = mean(m);
    for (let i = 0; i < m; i++) seasonal[i] = y[i]! - first;
    return { level: first - ((second - first) / m) * ((m + 1) / 2), trend: (second - first) / m, seasonal };
  }
  if (kind === 'trend') {
    const trend = y.length > 1 ? y[1]! - y[0]! : 0;
    return { level: y[0]! - trend, trend, seasonal };
  }
  return { level: y[0]!, trend: 0, seasonal };
}

/** Runs the smoothing recursions with fixed parameters; the fitted values are the one-step forecasts. */
export function smooth(y: ArrayLike<number>, kind: SmoothingKind, parameters: SmoothingParameters, season = 1): Omit<SmoothingFit, 'sigma2' | 'aic'> {
  const m = kind === 'seasonal' ? season : 1;
  const { alpha } = parameters;
  const beta = kind === 'simple' ? 0 : parameters.beta;
  const gamma = kind === 'seasonal' ? parameters.gamma : 0;
  let { level, trend, seasonal } = initialStates(y, kind, m);
  seasonal = Float64Array.from(seasonal);
  const fitted = new Float64Array(y.length);
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const s = kind === 'seasonal' ? seasonal[t % m]! : 0;
    const forecast = level + trend + s;
    fitted[t] = forecast;
    const e = y[t]! - forecast;
    sse += e * e;
    level = level + trend + alpha * e;
    trend = trend + beta * e;
    if (kind === 'seasonal') seasonal[t % m] = s + gamma * e;
  }
  // Rotate the seasonal states so index 0 is the season of the next period.
  const next = Float64Array.from({ length: m }, (_, j) => seasonal[(y.length + j) % m]!);
  return { kind, parameters: { alpha, beta, gamma }, season: m, fitted, sse, level, trend, seasonal: next };
}

/** Forecasts `horizon` periods ahead with 95% intervals. */
export function forecastAhead(fit: SmoothingFit, horizon: number): ForecastPoint[] {
  const { alpha, beta, gamma } = fit.parameters;
  const points: ForecastPoint[] = [];
  let variance = 0;
  for (let h = 1; h <= horizon; h++) {
    const j = h - 1;
    const c = j === 0 ? 0 : alpha + beta * j + (fit.kind === 'seasonal' && j % fit.season === 0 ? gamma : 0);
    variance += c * c;
    const value = fit.level + h * fit.trend + (fit.kind === 'seasonal' ? fit.seasonal[(h - 1) % fit.season]! : 0);
    const spread = Z95 * Math.sqrt(fit.sigma2 * (1 + variance));
    points.push({ step: h, value, lo: value - spread, hi: value + spread });
  }
  return points;
}

/** Minimises `f` over the unit cube's interior by Nelder–Mead on logit-transformed coordinates. */
function minimiseInUnitCube(f: (p: number[]) => number, dims: number, start: number[]): number[] {
  const toUnit = (z: number[]) => z.map((v) => 1 / (1 + Math.exp(-v)));
  const g = (z: number[]) => f(toUnit(z));
  const logit = (p: number) => Math.log(p / (1 - p));
  let simplex = [start.map(logit)];
  for (let i = 0; i < dims; i++) simplex.push(simplex[0]!.map((v, j) => (j === i ? v + 1 : v)));
  let values = simplex.map(g);
  for (let iteration = 0; iteration < 400 * dims; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[dims]! - values[0]!) <= 1e-12 * (Math.abs(values[0]!) + 1e-12)) break;
    const centroid = Array.from({ length: dims }, (_, j) => simplex.slice(0, dims).reduce((s, p) => s + p[j]!, 0) / dims);
    const at = (t: number) => centroid.map((c, j) => c + t * (simplex[dims]![j]! - c));
    const reflected = at(-1);
    const fr = g(reflected);
    if (fr < values[0]!) {
      const expanded = at(-2);
      const fe = g(expanded);
      [simplex[dims], values[dims]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[dims - 1]!) {
      [simplex[dims], values[dims]] = [reflected, fr];
    } else {
      const contracted = at(fr < values[dims]! ? -0.5 : 0.5);
      const fc = g(contracted);
      if (fc < Math.min(fr, values[dims]!)) [simplex[dims], values[dims]] = [contracted, fc];
      else {
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!))));
        values = simplex.map(g);
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return toUnit(simplex[best]!);
}

/** Fits one kind of smoothing: parameters by least squares, then σ² and AIC. */
export function fitSmoothing(y: ArrayLike<number>, kind: SmoothingKind, season = 1): SmoothingFit {
  const dims = kind === 'simple' ? 1 : kind === 'trend' ? 2 : 3;
  const m = kind === 'seasonal' ? season : 1;
  const unpack = (p: number[]): SmoothingParameters => ({ alpha: p[0]!, beta: (p[1] ?? 0) * p[0]!, gamma: (p[2] ?? 0) * (1 - p[0]!) });
  // β ≤ α and γ ≤ 1 − α keep the model in its usual (forecastable) region.
  const best = minimiseInUnitCube((p) => smooth(y, kind, unpack(p), m).sse, dims, [0.3, 0.1, 0.1].slice(0, dims));
  const fit = smooth(y, kind, unpack(best), m);
  const n = y.length;
  const k = dims + (kind === 'simple' ? 1 : kind === 'trend' ? 2 : 2 + m - 1);
  const sigma2 = fit.sse / Math.max(1, n - k);
  const aic = n * Math.log(Math.max(fit.sse, 1e-300) / n) + 2 * k;
  return { ...fit, sigma2, aic };
}

/** The kinds the series supports: a trend from 4 periods, a season from two full cycles (and season > 1). */
export function candidateKinds(length: number, season: number): SmoothingKind[] {
  const kinds: SmoothingKind[] = ['simple'];
  if (length >= 4) kinds.push('trend');
  if (season > 1 && length >= 2 * season + 2) kinds.push('seasonal');
  return kinds;
}

/** Fits every candidate and keeps the lowest AIC. */
export function chooseSmoothing(y: ArrayLike<number>, season: number): { best: SmoothingFit; fits: SmoothingFit[] } {
  const fits = candidateKinds(y.length, season).map((kind) => fitSmoothing(y, kind, season));
  const best = fits.reduce((a, b) => (b.aic < a.aic ? b : a));
  return { best, fits };
}

export interface AccuracyScores {
  mae: number;
  /** Mean absolute percentage error over the held-out periods with a non-zero actual. */
  mape: number;
  /** MAE over the in-sample MAE of the one-step naive forecast. */
  mase: number;
}

export interface Backtest {
  holdout: number;
  kind: SmoothingKind;
  model: AccuracyScores;
  naive: AccuracyScores;
  seasonalNaive: AccuracyScores | null;
  actual: number[];
  predicted: number[];
}

function scores(actual: number[], predicted: number[], scale: number): AccuracyScores {
  const errors = actual.map((a, i) => Math.abs(a - predicted[i]!));
  const mae = errors.reduce((s, e) => s + e, 0) / errors.length;
  const percent = actual.map((a, i) => (a === 0 ? null : errors[i]! / Math.abs(a))).filter((v): v is number => v !== null);
  return { mae, mape: percent.length ? percent.reduce((s, v) => s + v, 0) / percent.length : Number.NaN, mase: scale > 0 ? mae / scale : Number.NaN };
}

/**
 * Holds out the last `holdout` periods, chooses and fits on the rest, forecasts the held-out periods and scores
 * them beside the naive forecast (the last value) and, with a season, the seasonal-naive (a season ago).
 */
export function backtest(y: ArrayLike<number>, season: number, holdout = 8): Backtest {
  const n = y.length;
  if (n < holdout + 4) throw new RangeError(`A backtest over ${holdout} periods needs at least ${holdout + 4} periods; the series has ${n}.`);
  const train = Array.from({ length: n - holdout }, (_, i) => y[i]!);
  const actual = Array.from({ length: holdout }, (_, i) => y[n - holdout + i]!);
  const { best } = chooseSmoothing(train, season);
  const predicted = forecastAhead(best, holdout).map((p) => p.value);
  let naiveScale = 0;
  for (let i = 1; i < train.length; i++) naiveScale += Math.abs(train[i]! - train[i - 1]!);
  naiveScale /= Math.max(1, train.length - 1);
  const last = train[train.length - 1]!;
  const seasonal = season > 1 && train.length >= season ? actual.map((_, h) => train[train.length - season + (h % season)]!) : null;
  return {
    holdout,
    kind: best.kind,
    model: scores(actual, predicted, naiveScale),
    naive: scores(actual, actual.map(() => last), naiveScale),
    seasonalNaive: seasonal ? scores(actual, seasonal, naiveScale) : null,
    actual,
    predicted,
  };
}
