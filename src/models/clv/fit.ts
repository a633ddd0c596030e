/**
 * Maximum likelihood for the customer-value models, shared by BG/NBD, Pareto/NBD and Gamma-Gamma:
 * L-BFGS on log-parameters (so every parameter stays positive), an optional L2 penalty as in the
 * `lifetimes` library (objective = −mean log-likelihood + c·Σθ²), and a convergence verdict that
 * also looks at where the optimiser stopped — a parameter running off to 0 or ∞, or a likelihood
 * that is flat in some direction, is reported as "did not converge", never as an answer.
 */
import { invertPositiveDefinite, numericalHessian } from './hessian';
import { minimizeLbfgs, type MinimizeResult } from './lbfgs';

/** A model's log-likelihood over its data, in natural (positive) parameters. */
export interface Likelihood<P extends string> {
  names: readonly P[];
  /** Number of customers the likelihood sums over. */
  customers: number;
  /** Total log-likelihood at θ; writes ∂LL/∂θ into `gradient` when given. */
  evaluate(theta: Float64Array, gradient: Float64Array | null): number;
}

export interface FitOptions {
  /** L2 penalty coefficient on the parameters (default 0, as in lifetimes' penalizer_coef). */
  penalizer?: number;
  maxIterations?: number;
  /** Progress after each iteration; return false to cancel. */
  onIteration?: (iteration: number, logLikelihood: number) => boolean | void;
}

/** How the optimiser ended. */
export interface Convergence {
  converged: boolean;
  iterations: number;
  evaluations: number;
  /** Max |gradient| of the objective (−mean log-likelihood + penalty) in log-parameters. */
  gradientNorm: number;
  message: string;
}

/** A fitted model. */
export interface ModelFit<P extends string> {
  params: Record<P, number>;
  /** From the inverse of the observed information (numerical Hessian) at the optimum; null when not available. */
  standardErrors: Record<P, number> | null;
  logLikelihood: number;
  customers: number;
  convergence: Convergence;
  /** Where the optimiser stopped, when it did not converge (for diagnosis only; `params` are NaN then). */
  stoppedAt?: Record<P, number>;
}

/** |log θ| beyond this means a parameter ran off to 0 or ∞ (θ outside about [1e-9, 1e9]). */
const LOG_BOUND = 20;

/** Fits θ by maximum likelihood from `start` (natural parameters). */
export function fitMaximumLikelihood<P extends string>(
  likelihood: Likelihood<P>,
  start: ArrayLike<number>,
  options: FitOptions = {},
): ModelFit<P> {
  const penalizer = options.penalizer ?? 0;
  const n = likelihood.customers;
  const k = likelihood.names.length;
  const objective = (logTheta: Float64Array, gradient: Float64Array): number => {
    const theta = logTheta.map(Math.exp);
    const g = new Float64Array(k);
    const ll = likelihood.evaluate(theta, g);
    let penalty = 0;
    for (let i = 0; i < k; i++) {
      penalty += theta[i] * theta[i];
      gradient[i] = (-g[i] / n + 2 * penalizer * theta[i]) * theta[i];
    }
    return -ll / n + penalizer * penalty;
  };
  const result = minimizeLbfgs(
    objective,
    Array.from(start, Math.log),
    {
      maxIterations: options.maxIterations ?? 1000,
      gradientTolerance: 1e-9,
      onIteration: options.onIteration && ((iteration, value) => options.onIteration?.(iteration, -value * n)),
    },
  );
  const theta = result.x.map(Math.exp);
  const logLikelihood = likelihood.evaluate(theta, null);
  const params = named(likelihood.names, theta);
  const verdict = judge(likelihood.names, result);
  let standardErrors: Record<P, number> | null = null;
  let convergence: Convergence = {
    converged: verdict === null,
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientNorm: result.gradientNorm,
    message: verdict ?? result.message,
  };
  if (verdict === null) {
    const gradient = (logTheta: Float64Array) => {
      const g = new Float64Array(k);
      objective(logTheta, g);
      return g.map((v) => v * n);
    };
    const covariance = invertPositiveDefinite(numericalHessian(gradient, result.x));
    if (covariance) {
      standardErrors = named(
        likelihood.names,
        theta.map((t, i) => t * Math.sqrt(covariance[i][i])),
      );
    } else {
      convergence = { ...convergence, converged: false, message: flatMessage(likelihood.names, result.x) };
    }
  }
  if (!convergence.converged) {
    return { params: named(likelihood.names, theta.map(() => NaN)), standardErrors: null, logLikelihood: NaN, customers: n, convergence, stoppedAt: params };
  }
  return { params, standardErrors, logLikelihood, customers: n, convergence };
}

/** A fit that never ran: NaN parameters and the reason. */
export function notFitted<P extends string>(names: readonly P[], customers: number, message: string): ModelFit<P> {
  return {
    params: Object.fromEntries(names.map((n) => [n, NaN])) as Record<P, number>,
    standardErrors: null,
    logLikelihood: NaN,
    customers,
    convergence: { converged: false, iterations: 0, evaluations: 0, gradientNorm: NaN, message },
  };
}

function flatMessage<P extends string>(names: readonly P[], logTheta: Float64Array): string {
  const extreme = names.map((_, i) => i).sort((i, j) => Math.abs(logTheta[j]) - Math.abs(logTheta[i]))[0];
  const drift =
    extreme !== undefined && Math.abs(logTheta[extreme]) > Math.log(1e4)
      ? ` (parameter ${names[extreme]} drifting toward ${logTheta[extreme] > 0 ? 'infinity' : 'zero'})`
      : '';
  return `Did not converge: the likelihood is flat where the optimiser stopped${drift}, so these data do not pin the parameters down (too few customers, or too little repeat buying).`;
}

function judge<P extends string>(names: readonly P[], result: MinimizeResult): string | null {
  const runaway = names.findIndex((_, i) => Math.abs(result.x[i]) > LOG_BOUND);
  if (runaway >= 0) {
    const toward = result.x[runaway] > 0 ? 'infinity' : 'zero';
    return `Did not converge: parameter ${names[runaway]} ran off toward ${toward}, so these data have no finite maximum-likelihood fit.`;
  }
  if (!Number.isFinite(result.value)) return 'Did not converge: the likelihood is not finite.';
  return result.converged ? null : `Did not converge: ${result.message}`;
}

function named<P extends string>(names: readonly P[], values: ArrayLike<number>): Record<P, number> {
  return Object.fromEntries(names.map((name, i) => [name, values[i]])) as Record<P, number>;
}
