/** Picks the meaningful words of a prompt, so that simulated text is about the prompt's topic. */

const stopWords = new Set(
  (
    "a about above after again against all also always among an and any are aren't as at be because been before being " +
    "below between both but by can cannot could did do does doing done down during each either else ever every few for " +
    "from further get gets give given had has have having he her here hers herself him himself his how however i if in " +
    "into is isn't it its itself just keep least less let like make makes many may me might more most much must my " +
    "myself need never no nor not now of off on once one only or other our ours ourselves out over own per please " +
    "rather same shall she should since so some such than that the their theirs them themselves then there these they " +
    "this those through thus to too under until up upon us use used using very via was we were what when where whether " +
    "which while who whom whose why will with within without would yet you your yours yourself yourselves " +
    // Words that describe the task rather than the topic.
    "answer answers assistant course courses create created creating field fields format generate generates generating " +
    "include includes including json level lesson lessons module modules object objects output outputs property " +
    "properties provide required respond response return returns schema section sections string strings text topic " +
    "user write writes writing valid value values array arrays number numbers audience language following based " +
    "each item items exactly least most short long brief clear concise simple make sure explain explains describe " +
    "describes teach teaches introduce introduces cover covers covering plan design list help helps " +
    "title titles sentence sentences one-sentence two-to-three measurable objective objectives point points " +
    "distinct sensible order summary summaries description descriptions start verb apply compare size task " +
    "brief outline quiz quizzes question questions write " +
    // The simulator's own sentence frames, which come back in later prompts that quote earlier answers.
    "simulated common mistake ignore studying idea depends practical example connects practice easier " +
    "understanding builds foundation learners shapes approach often confused differ matters essentials foundations"
  ).split(" "),
);

/** Words used when a prompt offers none. */
export const fallbackWords: readonly string[] = [
  "learning",
  "concepts",
  "practice",
  "foundations",
  "examples",
  "principles",
  "methods",
  "analysis",
  "structure",
  "patterns",
  "reasoning",
  "systems",
];

/** A message as the simulator reads it: a role and its text. */
export interface PromptMessage {
  readonly role: string;
  readonly content: string;
}

const maximumWords = 48;

/**
 * Returns the distinct meaningful words of the user messages (the brief and the task: what the
 * answer is about), most frequent first (ties keep their order of appearance), lower-cased unless
 * they look like names. System messages are read only when the user messages offer too few words,
 * since they describe how to write rather than what about.
 */
export function extractPromptWords(messages: readonly PromptMessage[]): string[] {
  const userTexts = messages.filter((message) => message.role === "user").map((message) => message.content);
  // The first user message is the context (a brief, a document); weigh it above the task wording.
  const fromUser = countWords(
    userTexts.map((text, index) => ({ text, weight: index === 0 && userTexts.length > 1 ? 3 : 1 })),
  );
  const words =
    fromUser.length >= minimumTopicWords
      ? fromUser
      : countWords(
          messages
            .filter((message) => message.role !== "assistant")
            .map((message) => ({ text: message.content, weight: 1 })),
        );
  return words.length > 0 ? words : [...fallbackWords];
}

const minimumTopicWords = 3;

// A weight counts a source as if it appeared that many times in a row (read once: the first user
// message is the whole brief or document, the largest text of the prompt).
function countWords(sources: readonly { readonly text: string; readonly weight: number }[]): string[] {
  const counts = new Map<string, { word: string; count: number; order: number }>();
  let order = 0;
  for (const { text: source, weight } of sources) {
    for (const match of source.matchAll(/\p{L}[\p{L}\p{N}'-]*/gu)) {
      const raw = match[0].replace(/['-]+$/u, "");
      const lower = raw.toLowerCase();
      // Ids such as m1-l2-o1 and other words with digits are labels, not topic words.
      if (lower.length < 4 || stopWords.has(lower) || lower.length > 24 || /\d/u.test(lower)) continue;
      const entry = counts.get(lower);
      if (entry) entry.count += weight;
      else counts.set(lower, { word: isProperNoun(raw) ? raw : lower, count: weight, order: order++ });
    }
  }
  return [...counts.values()]
    .sort((left, right) => right.count - left.count || left.order - right.order)
    .slice(0, maximumWords)
    .map((entry) => entry.word);
}

// Acronyms and CamelCase names (e.g. "HTTP", "TypeScript") keep their spelling.
function isProperNoun(word: string): boolean {
  return /^\p{Lu}{2,}$/u.test(word) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(word);
}
