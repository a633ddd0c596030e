/**
 * Decision trees, random forests and gradient boosting as churn classifiers: the BinaryClassifier face
 * of src/models/tree.ts and src/models/boosting.ts over the preprocessed matrix, so the pipeline,
 * cross-validation, importance and the worker treat them like logistic regression. Their parameters are
 * plain typed arrays (saved as they are).
 */
import { predictBoosting, type BoostedModel } from './boosting';
import type { BinaryClassifier } from './model';
import { predictForest, predictTree, type DecisionTree } from './tree';

export class TreeModel implements BinaryClassifier {
  readonly kind = 'tree';
  constructor(readonly tree: DecisionTree, readonly cols: number) {}
  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return predictTree(this.tree, x, rows, this.cols);
  }
  dispose(): void {}
}

export class ForestModel implements BinaryClassifier {
  readonly kind = 'forest';
  constructor(readonly trees: DecisionTree[], readonly cols: number) {}
  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return predictForest(this.trees, x, rows, this.cols);
  }
  dispose(): void {}
}

export class BoostingModel implements BinaryClassifier {
  readonly kind = 'boosting';
  constructor(readonly model: BoostedModel, readonly cols: number) {}
  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return predictBoosting(this.model, x, rows, this.cols);
  }
  dispose(): void {}
}
