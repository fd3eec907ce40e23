/**
 * The labelled set of `bench quality`: lessons written by this file, a third clean and the rest
 * with exactly one planted defect each, of ten kinds. Deterministic: the same set every run.
 */
import type { CourseLevel, Lesson, QualityCheckKind, Quiz, QuizQuestion } from "../src/course/index.ts";

/** The defect kinds the labelled set plants (each a check of src/quality). */
export const labelledKinds = [
  "placeholder",
  "section_length",
  "reading_level",
  "near_duplicate",
  "objective_untaught",
  "objective_untested",
  "duplicate_question",
  "long_correct_option",
  "explanation_contradicts_key",
  "key_term_unused",
] as const satisfies readonly QualityCheckKind[];

/** One labelled lesson: its text, quiz, level, and the defect planted in it (none when clean). */
export interface LabelledLesson {
  readonly lesson: Lesson;
  readonly quiz: Quiz;
  readonly level: CourseLevel;
  readonly defect: (typeof labelledKinds)[number] | null;
}

const topics = [
  {
    subject: "soil",
    things: ["roots", "rain", "worms", "clay", "sand", "compost", "crops", "water"],
    terms: ["topsoil", "erosion"],
  },
  {
    subject: "bread",
    things: ["flour", "yeast", "dough", "salt", "oven", "crust", "water", "sugar"],
    terms: ["gluten", "proofing"],
  },
  {
    subject: "bikes",
    things: ["chain", "brakes", "tyres", "gears", "pedals", "frame", "saddle", "bell"],
    terms: ["derailleur", "cadence"],
  },
  {
    subject: "bees",
    things: ["hive", "queen", "pollen", "nectar", "flowers", "honey", "wax", "workers"],
    terms: ["colony", "forager"],
  },
  {
    subject: "budgets",
    things: ["rent", "food", "savings", "income", "bills", "debt", "fees", "goals"],
    terms: ["surplus", "allowance"],
  },
  {
    subject: "clouds",
    things: ["rain", "wind", "sun", "ice", "fog", "storms", "air", "heat"],
    terms: ["condensation", "humidity"],
  },
  {
    subject: "maps",
    things: ["roads", "hills", "rivers", "towns", "paths", "scale", "north", "legend"],
    terms: ["contour", "bearing"],
  },
];

const patterns = [
  (a: string, b: string) => `Think about how ${a} and ${b} work together on a normal day.`,
  (a: string, b: string) => `When the ${a} change, the ${b} often change too.`,
  (a: string, b: string) => `A good first step is to look at the ${a} before you touch the ${b}.`,
  (a: string, b: string) => `Many people forget the ${a}, but the ${b} depend on them.`,
  (a: string, b: string) => `Write down what you see in the ${a} and then in the ${b}.`,
  (a: string, b: string) => `If the ${a} look wrong, check the ${b} next.`,
  (a: string, b: string) => `You can test this with a small amount of ${a} and a few ${b}.`,
  (a: string, b: string) => `Ask yourself which of the ${a} or the ${b} came first.`,
  (a: string, b: string) => `Most of the time the ${a} are easy to fix once the ${b} are right.`,
  (a: string, b: string) => `Keep a short note of the ${a}, the ${b} and the date.`,
];

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function paragraph(things: readonly string[], next: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => {
    const pattern = patterns[Math.floor(next() * patterns.length)]!;
    const first = things[Math.floor(next() * things.length)]!;
    let second = things[Math.floor(next() * things.length)]!;
    if (second === first) second = things[(things.indexOf(first) + 1) % things.length]!;
    return pattern(first, second);
  }).join(" ");
}

function body(things: readonly string[], next: () => number, paragraphs: number, lead = ""): string {
  return [lead, ...Array.from({ length: paragraphs }, () => paragraph(things, next, 4))].filter(Boolean).join("\n\n");
}

function cleanLesson(index: number): { lesson: Lesson; quiz: Quiz } {
  const topic = topics[index % topics.length]!;
  const next = random(1_000 + index);
  const id = `m${Math.floor(index / 9) + 1}-l${(index % 9) + 1}`;
  const [a, b, c, d] = topic.things;
  const objectives = [
    { id: `${id}-o1`, text: `Explain how ${a} affect ${b} in ${topic.subject}` },
    { id: `${id}-o2`, text: `Compare ${c} with ${d} when working on ${topic.subject}` },
  ];
  const [termA, termB] = topic.terms as [string, string];
  const sections: Lesson["sections"] = [
    {
      id: `${id}-s1`,
      kind: "introduction",
      title: `Why ${topic.subject} matter`,
      body: body(topic.things, next, 2, `This lesson is about ${topic.subject}.`),
    },
    {
      id: `${id}-s2`,
      kind: "explanation",
      title: `How ${a} affect ${b}`,
      body: body(
        topic.things,
        next,
        3,
        `Here is how ${a} affect ${b} in ${topic.subject}. The word ${termA} names this.`,
      ),
    },
    {
      id: `${id}-s3`,
      kind: "explanation",
      title: `${c} and ${d}`,
      body: body(topic.things, next, 3, `Now compare ${c} with ${d} when you work on ${topic.subject}.`),
    },
    {
      id: `${id}-s4`,
      kind: "worked_example",
      title: "A worked example",
      body: body(topic.things, next, 3, `Step one: look at the ${a}. Step two: note the ${termB}.`),
    },
    {
      id: `${id}-s5`,
      kind: "activity",
      title: "Try it",
      body: body(topic.things, next, 2, "Take ten minutes for this task."),
    },
    {
      id: `${id}-s6`,
      kind: "summary",
      title: "Takeaways",
      body: `- The ${a} affect the ${b}.\n- Compare ${c} with ${d}.\n- Use the words ${termA} and ${termB} when you describe ${topic.subject}.`,
    },
  ];
  const lesson: Lesson = {
    id,
    title: `Working with ${topic.subject} ${index}`,
    summary: `How ${a} and ${b} shape ${topic.subject}.`,
    objectives,
    keyPoints: [`${a} affect ${b}`, `compare ${c} and ${d}`],
    keyTerms: [
      { term: termA, definition: `A word for how ${a} affect ${b}.` },
      { term: termB, definition: `A word used in the worked example.` },
    ],
    sections,
  };
  const options = (question: number, texts: readonly string[]) =>
    texts.map((text, option) => ({ id: `${id}-q${question}-${String.fromCharCode(97 + option)}`, text }));
  const key = index % 4;
  const choices = [
    `The ${a} change the ${b}`,
    `The ${b} change the ${c}`,
    `The ${d} stay the same`,
    `Nothing changes at all`,
  ];
  [choices[0], choices[key]] = [choices[key]!, choices[0]!];
  const questions: QuizQuestion[] = [
    {
      id: `${id}-q1`,
      type: "single_choice",
      prompt: `What happens to the ${b} when the ${a} change?`,
      options: options(1, choices),
      correctOptionId: `${id}-q1-${String.fromCharCode(97 + key)}`,
      explanation: `The lesson shows that the ${a} change the ${b}; the other options mix up the parts.`,
      objectiveId: objectives[0]!.id,
    },
    {
      id: `${id}-q2`,
      type: "true_false",
      prompt: `You should compare ${c} with ${d} before you start.`,
      answer: true,
      explanation: `True: the second explanation compares ${c} with ${d} first.`,
      objectiveId: objectives[1]!.id,
    },
    {
      id: `${id}-q3`,
      type: "short_answer",
      prompt: `Which word names how ${a} affect ${b}?`,
      acceptedAnswers: [termA],
      explanation: `${termA} is the word the lesson uses for it.`,
      objectiveId: objectives[0]!.id,
    },
  ];
  return { lesson, quiz: { questions } };
}

const hardText =
  "Notwithstanding considerable methodological heterogeneity, contemporary interdisciplinary investigations characteristically operationalize multidimensional organizational interdependencies, institutionalizing epistemologically sophisticated evaluative infrastructures. " +
  "Consequently, practitioners contemplating implementation must systematically reconceptualize heterogeneous organizational configurations, particularly considering unanticipated administrative ramifications and comparatively underappreciated intergenerational sustainability considerations.";

function plant(kind: (typeof labelledKinds)[number], subject: { lesson: Lesson; quiz: Quiz }, index: number): void {
  const { lesson, quiz } = subject;
  const sections = lesson.sections as Lesson["sections"][number][];
  const questions = quiz.questions as QuizQuestion[];
  const variant = index % 3;
  switch (kind) {
    case "placeholder": {
      const text = [
        "[insert diagram here]",
        "TODO: add a real example.",
        "As an AI language model, I cannot show this.",
      ][variant]!;
      sections[3] = { ...sections[3]!, body: `${sections[3]!.body}\n\n${text}` };
      break;
    }
    case "section_length":
      sections[1 + variant] = { ...sections[1 + variant]!, body: "This part is short. See the summary." };
      break;
    case "reading_level":
      sections[1 + variant] = { ...sections[1 + variant]!, body: `${hardText} ${hardText}` };
      break;
    case "near_duplicate": {
      const copied = sections[1]!.body.split("\n\n")[1]!;
      const changed = variant === 0 ? copied : copied.replace(/\.$/, ", as noted.");
      sections[4] = { ...sections[4]!, body: `${sections[4]!.body}\n\n${changed}` };
      break;
    }
    case "objective_untaught": {
      const objectives = lesson.objectives as Lesson["objectives"][number][];
      objectives[1] = {
        ...objectives[1]!,
        text: [
          "Calculate the interest on a mortgage loan",
          "Describe the history of the printing press",
          "Identify volcanic rock formations",
        ][variant]!,
      };
      break;
    }
    case "objective_untested":
      questions[1] = { ...questions[1]!, objectiveId: lesson.objectives[0]!.id };
      break;
    case "duplicate_question":
      questions[2] = { ...questions[2]!, prompt: `${questions[0]!.prompt.replace(/\?$/, "")}, then?` };
      break;
    case "long_correct_option": {
      const question = questions[0]! as Extract<QuizQuestion, { type: "single_choice" }>;
      questions[0] = {
        ...question,
        options: question.options.map((option) =>
          option.id === question.correctOptionId
            ? {
                ...option,
                text: `${option.text}, because every step in the lesson shows this happening from the first check to the last`,
              }
            : option,
        ),
      };
      break;
    }
    case "explanation_contradicts_key": {
      if (variant === 0) {
        questions[1] = {
          ...questions[1]!,
          explanation: "False: the lesson never asks you to compare them.",
        } as QuizQuestion;
      } else {
        const question = questions[0]! as Extract<QuizQuestion, { type: "single_choice" }>;
        const wrong = question.options.find((option) => option.id !== question.correctOptionId)!;
        questions[0] = { ...question, explanation: `The correct answer is "${wrong.text}", as the lesson shows.` };
      }
      break;
    }
    case "key_term_unused": {
      const terms = lesson.keyTerms as Lesson["keyTerms"][number][];
      terms.push({
        term: ["photosynthesis", "amortization", "isotope"][variant]!,
        definition: "A term the lesson never uses.",
      });
      break;
    }
  }
}

/** The labelled set: `perKind` lessons per defect kind and half as many clean lessons as defective ones. */
export function labelledSet(perKind = 4): LabelledLesson[] {
  const set: LabelledLesson[] = [];
  let index = 0;
  const cleanCount = Math.ceil((labelledKinds.length * perKind) / 2);
  for (let clean = 0; clean < cleanCount; clean++) {
    const subject = cleanLesson(index++);
    set.push({ ...subject, level: "beginner", defect: null });
  }
  for (const kind of labelledKinds) {
    for (let copy = 0; copy < perKind; copy++) {
      const subject = cleanLesson(index);
      plant(kind, subject, index++);
      set.push({ ...subject, level: "beginner", defect: kind });
    }
  }
  return set;
}
