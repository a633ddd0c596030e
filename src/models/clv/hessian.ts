/**
 * Curvature at an optimum: a numerical Hessian from an analytic gradient (central differences,
 * symmetrised) and the inverse of a positive-definite matrix by Cholesky, for standard errors
 * and for telling a real optimum from a flat, unidentified one.
 */

/** A square matrix as rows. */
export type Matrix = number[][];

/** Hessian of a function whose gradient is `gradient`, by central differences with relative steps. */
export function numericalHessian(gradient: (x: Float64Array) => Float64Array, at: ArrayLike<number>, relativeStep = 1e-5): Matrix {
  const n = at.length;
  const h: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const step = relativeStep * Math.max(Math.abs(at[j]), 1e-3);
    const plus = Float64Array.from(at);
    const minus = Float64Array.from(at);
    plus[j] += step;
    minus[j] -= step;
    const gp = gradient(plus);
    const gm = gradient(minus);
    for (let i = 0; i < n; i++) h[i][j] = (gp[i] - gm[i]) / (2 * step);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) h[i][j] = h[j][i] = (h[i][j] + h[j][i]) / 2;
  }
  return h;
}

/**
 * Cholesky factor L (A = L Lᵀ) of a symmetric matrix; null when A is not clearly positive definite
 * (a pivot at or below `relativeTolerance` × the largest diagonal entry).
 */
export function cholesky(a: Matrix, relativeTolerance = 1e-12): Matrix | null {
  const n = a.length;
  const maxDiagonal = Math.max(...a.map((row, i) => Math.abs(row[i])));
  if (!(maxDiagonal > 0) || !Number.isFinite(maxDiagonal)) return null;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    if (!(pivot > relativeTolerance * maxDiagonal)) return null;
    l[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < n; i++) {
      let v = a[i][j];
      for (let k = 0; k < j; k++) v -= l[i][k] * l[j][k];
      l[i][j] = v / l[j][j];
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix; null when it is not positive definite. */
export function invertPositiveDefinite(a: Matrix): Matrix | null {
  const l = cholesky(a);
  if (!l) return null;
  const n = a.length;
  const inverse: Matrix = [];
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let v = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) v -= l[i][k] * y[k];
      y[i] = v / l[i][i];
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let v = y[i];
      for (let k = i + 1; k < n; k++) v -= l[k][i] * x[k];
      x[i] = v / l[i][i];
    }
    inverse.push(x);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j > i) inverse[i][j] = inverse[j][i] = (inverse[i][j] + inverse[j][i]) / 2;
  return inverse;
}
