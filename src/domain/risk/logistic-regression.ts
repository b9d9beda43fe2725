import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';

export const logisticFitSchema = z.object({
  intercept: z.number(),
  coefficients: z.array(z.number()),
  iterations: z.number().int(),
  converged: z.boolean(),
});
export type LogisticFit = z.infer<typeof logisticFitSchema>;

export type LogisticOptions = { l2: number; maxIterations: number; tolerance: number };

const defaults: LogisticOptions = { l2: 1, maxIterations: 50, tolerance: 1e-9 };

export function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const exponential = Math.exp(value);
  return exponential / (1 + exponential);
}

export function linearScore(fit: Pick<LogisticFit, 'intercept' | 'coefficients'>, row: readonly number[]): number {
  return fit.coefficients.reduce((sum, coefficient, index) => sum + coefficient * (row[index] ?? 0), fit.intercept);
}

/**
 * L2-regularized logistic regression fitted by Newton's method (iteratively reweighted least squares):
 * the penalty l2/2 x |coefficients|^2 leaves the intercept free. Columns should be standardized so
 * one penalty suits them all. The objective is strictly convex, so the fit is unique and deterministic.
 * The linear algebra (products, the Cholesky solve of each Newton step) is ml-matrix's.
 */
export function fitLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: Partial<LogisticOptions> = {},
): LogisticFit {
  const { l2, maxIterations, tolerance } = { ...defaults, ...options };
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('need as many labels as rows, at least one');
  const width = (rows[0]?.length ?? 0) + 1;
  // Column 0 of the design is the intercept, which the penalty leaves free.
  const design = new Matrix(rows.map((row) => [1, ...row]));
  const designTransposed = design.transpose();
  const target = Matrix.columnVector([...labels]);
  const penalty = Matrix.eye(width, width, l2);
  penalty.set(0, 0, 0);
  let parameters = Matrix.zeros(width, 1);
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const probabilities = design.mmul(parameters).to1DArray().map(sigmoid);
    const gradient = designTransposed
      .mmul(Matrix.columnVector(probabilities).sub(target))
      .add(penalty.mmul(parameters));
    const weights = probabilities.map((value) => Math.max(value * (1 - value), 1e-10));
    // X'WX, symmetrized: rounding can leave it a hair off, and the Cholesky decomposition insists on exact symmetry.
    const crossProduct = designTransposed.clone().mulRowVector(weights).mmul(design);
    const hessian = Matrix.add(crossProduct, crossProduct.transpose()).mul(0.5).add(penalty);
    const cholesky = new CholeskyDecomposition(hessian);
    if (!cholesky.isPositiveDefinite()) throw new Error('singular system');
    const step = cholesky.solve(gradient);
    parameters = Matrix.sub(parameters, step);
    if (step.norm('max') < tolerance) return fitFrom(parameters, iteration, true);
  }
  return fitFrom(parameters, maxIterations, false);
}

function fitFrom(parameters: Matrix, iterations: number, converged: boolean): LogisticFit {
  const [intercept = 0, ...coefficients] = parameters.to1DArray();
  return { intercept, coefficients, iterations, converged };
}
