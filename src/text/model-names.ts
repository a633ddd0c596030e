/** The churn classifiers' names in plain words, in English and Chinese (sentences, charts, the command line). */
import type { Lang } from './language';

/** Keyed by the model kinds of src/models/model.ts (text sits below models, so the keys are plain strings). */
const EN: Record<string, string> = {
  logistic: 'logistic regression',
  svm: 'linear SVM',
  tree: 'decision tree',
  forest: 'random forest',
  boosting: 'gradient boosting',
  mlp: 'neural network',
  sequence: 'sequence model',
};

const ZH: Record<string, string> = {
  logistic: '逻辑回归',
  svm: '线性支持向量机',
  tree: '决策树',
  forest: '随机森林',
  boosting: '梯度提升树',
  mlp: '神经网络',
  sequence: '序列模型',
};

/** `kind`'s name in `lang` (lower case in English, to sit inside a sentence). */
export function modelName(kind: string, lang: Lang = 'en'): string {
  return (lang === 'zh-CN' ? ZH : EN)[kind] ?? kind;
}
