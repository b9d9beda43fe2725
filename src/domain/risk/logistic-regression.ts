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

/** Solves A x = b for a symmetric positive definite A by Gaussian elimination with partial pivoting. */
export function solveLinearSystem(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const size = vector.length;
  const rows = matrix.map((row, index) => [...row, vector[index] ?? 0]);
  for (let column = 0; column < size; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < size; row += 1)
      if (Math.abs(rows[row]?.[column] ?? 0) > Math.abs(rows[pivot]?.[column] ?? 0)) pivot = row;
    const pivotRow = rows[pivot] ?? [];
    rows[pivot] = rows[column] ?? [];
    rows[column] = pivotRow;
    const lead = pivotRow[column] ?? 0;
    if (Math.abs(lead) < 1e-12) throw new Error('singular system');
    for (let row = column + 1; row < size; row += 1) {
      const target = rows[row] ?? [];
      const factor = (target[column] ?? 0) / lead;
      for (let entry = column; entry <= size; entry += 1)
        target[entry] = (target[entry] ?? 0) - factor * (pivotRow[entry] ?? 0);
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row -= 1) {
    const current = rows[row] ?? [];
    let sum = current[size] ?? 0;
    for (let column = row + 1; column < size; column += 1) sum -= (current[column] ?? 0) * (solution[column] ?? 0);
    solution[row] = sum / (current[row] ?? 1);
  }
  return solution;
}

/**
 * L2-regularized logistic regression fitted by Newton's method (iteratively reweighted least squares):
 * the penalty l2/2 x |coefficients|^2 leaves the intercept free. Columns should be standardized so
 * one penalty suits them all. The objective is strictly convex, so the fit is unique and deterministic.
 */
export function fitLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: Partial<LogisticOptions> = {},
): LogisticFit {
  const { l2, maxIterations, tolerance } = { ...defaults, ...options };
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('need as many labels as rows, at least one');
  const width = rows[0]?.length ?? 0;
  // Parameter 0 is the intercept; parameter j + 1 is column j.
  let parameters = new Array<number>(width + 1).fill(0);
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const gradient = parameters.map((value, index) => (index === 0 ? 0 : l2 * value));
    const hessian = parameters.map((_, row) => parameters.map((__, column) => (row === column && row > 0 ? l2 : 0)));
    rows.forEach((row, index) => {
      const design = [1, ...row];
      const probability = sigmoid(design.reduce((sum, value, column) => sum + value * (parameters[column] ?? 0), 0));
      const residual = probability - (labels[index] ?? 0);
      const weight = Math.max(probability * (1 - probability), 1e-10);
      design.forEach((value, first) => {
        gradient[first] = (gradient[first] ?? 0) + residual * value;
        const hessianRow = hessian[first] ?? [];
        for (let second = 0; second <= width; second += 1)
          hessianRow[second] = (hessianRow[second] ?? 0) + weight * value * (design[second] ?? 0);
      });
    });
    const step = solveLinearSystem(hessian, gradient);
    parameters = parameters.map((value, index) => value - (step[index] ?? 0));
    if (Math.max(...step.map(Math.abs)) < tolerance) {
      return {
        intercept: parameters[0] ?? 0,
        coefficients: parameters.slice(1),
        iterations: iteration,
        converged: true,
      };
    }
  }
  return {
    intercept: parameters[0] ?? 0,
    coefficients: parameters.slice(1),
    iterations: maxIterations,
    converged: false,
  };
}
