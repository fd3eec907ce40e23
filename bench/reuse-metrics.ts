/** Precision and recall of a match rule over labelled pairs, and the threshold choice. */

/** One labelled pair as scored: whether the rule's exact part agreed, the topic similarity, the label. */
export interface ScoredPair {
  readonly kind: string;
  readonly match: boolean;
  /** False when level, language, audience or size differ: never a match, whatever the similarity. */
  readonly sameShape: boolean;
  readonly similarity: number;
}

/** Precision, recall and the confusion counts at one threshold. */
export interface ThresholdFigures {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

/** Scores the rule "same shape and similarity ≥ threshold" over `pairs`. */
export function figuresAt(pairs: readonly ScoredPair[], threshold: number): ThresholdFigures {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const pair of pairs) {
    const predicted = pair.sameShape && pair.similarity >= threshold;
    if (predicted && pair.match) truePositives++;
    else if (predicted) falsePositives++;
    else if (pair.match) falseNegatives++;
  }
  const predicted = truePositives + falsePositives;
  return {
    threshold,
    // No prediction at all is vacuously precise.
    precision: predicted === 0 ? 1 : truePositives / predicted,
    recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    truePositives,
    falsePositives,
    falseNegatives,
  };
}

/**
 * The threshold (a multiple of `step` in [`from`, 1]) with the highest recall whose precision is at
 * least `minimumPrecision` there and at every step down to `margin` below it (so that a pair a
 * little less similar than the labelled ones does not fall through); among equal recalls the
 * highest threshold (the safest).
 */
export function chooseThreshold(
  pairs: readonly ScoredPair[],
  options: {
    readonly minimumPrecision: number;
    readonly from?: number;
    readonly step?: number;
    readonly margin?: number;
  },
): ThresholdFigures {
  const step = options.step ?? 0.01;
  const marginSteps = Math.round((options.margin ?? 0) / step);
  const at = (index: number) => figuresAt(pairs, Math.round(index * step * 1e6) / 1e6);
  let best: ThresholdFigures | undefined;
  for (let index = Math.round((options.from ?? 0) / step); index * step <= 1 + 1e-9; index++) {
    const figures = at(index);
    let stable = true;
    for (let below = 0; below <= marginSteps; below++)
      if (at(index - below).precision < options.minimumPrecision) stable = false;
    if (!stable) continue;
    if (best === undefined || figures.recall >= best.recall) best = figures;
  }
  return best ?? figuresAt(pairs, 1);
}
