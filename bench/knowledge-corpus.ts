/**
 * The labelled set of `bench knowledge`: three documents on distinct subjects (volcanoes, the
 * French Revolution in the provinces, sourdough baking), one section per subject entry, each
 * written from a per-subject fact table, and questions whose answer is one known sentence of one
 * section. Deterministic (seeded): `node bench/write-knowledge-fixtures.ts` writes the committed
 * files under bench/fixtures/knowledge/ from it.
 *
 * Questions name what they ask about in other words than the text (the text says "last erupted in
 * 1847", the question "most recent outburst"); they name the entry, as a reader would. A label is the section and its answering sentence,
 * not a chunk number, so the labels survive changes to the chunker.
 */
import { createRandom, type Random } from "../src/simulator/random.ts";

/** One question and the passage that answers it. */
export interface LabelledQuestion {
  readonly id: string;
  /** The document (file name) the passage is in. */
  readonly document: string;
  readonly question: string;
  /** The heading of the section the passage is in (a passage may recur in other sections). */
  readonly section: string;
  /** A verbatim sentence of the section: the section's chunks containing it are the relevant ones. */
  readonly passage: string;
}

/** One document of the set. */
export interface CorpusDocument {
  readonly fileName: string;
  readonly markdown: string;
}

/** The documents and the questions. */
export interface Corpus {
  readonly documents: readonly CorpusDocument[];
  readonly questions: readonly LabelledQuestion[];
}

interface Fact {
  readonly sentence: string;
  /** Questions asking for this sentence, in other words; `undefined` when none is asked. */
  readonly questions: readonly string[];
}

interface Entry {
  readonly heading: string;
  readonly facts: readonly Fact[];
}

const syllables = [
  "ka",
  "ra",
  "to",
  "mi",
  "ve",
  "lun",
  "dor",
  "sa",
  "bel",
  "quo",
  "tan",
  "ri",
  "mor",
  "ga",
  "zel",
  "fen",
  "ul",
  "bra",
  "sko",
  "thi",
  "van",
  "pe",
  "nox",
  "ar",
  "lis",
  "cor",
  "du",
  "hal",
  "ost",
  "wen",
  "yr",
  "em",
] as const;

/** Unique made-up names (capitalized, two or three syllables), never a dictionary word. */
function nameMaker(random: Random): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const count = random.integer(2, 3);
      let name = "";
      for (let index = 0; index < count; index++) name += random.pick(syllables);
      if (name.length < 5 || used.has(name)) continue;
      used.add(name);
      return name[0]!.toUpperCase() + name.slice(1);
    }
  };
}

const regions = [
  "the Aleutian arc",
  "the central Andes",
  "the Kamchatka peninsula",
  "the Cascade Range",
  "northern Sumatra",
  "the Ethiopian rift",
  "southern Iceland",
  "the Kuril Islands",
  "the Lesser Antilles",
  "central Mexico",
  "the North Island of New Zealand",
  "eastern Java",
  "the Aeolian Islands",
  "the Vanuatu archipelago",
];
const volcanoTypes = [
  "stratovolcano",
  "shield volcano",
  "caldera complex",
  "cinder cone",
  "lava dome",
  "fissure system",
];
const magmas = [
  ["basaltic", "runny, iron-rich melt that feeds long lava flows"],
  ["andesitic", "sticky, intermediate melt that builds steep cones"],
  ["dacitic", "viscous, gas-charged melt that tends to plug the vent"],
  ["rhyolitic", "very viscous, silica-rich melt behind the most explosive blasts"],
] as const;
const hazards = [
  ["lahars", "mudflows of ash and meltwater"],
  ["pyroclastic density currents", "avalanches of scorching gas and rock"],
  ["heavy ashfall", "tephra burying roofs and fields"],
  ["fast lava flows", "molten rock reaching the villages"],
  ["carbon dioxide seeps", "invisible gas pooling in hollows"],
] as const;
const instruments = [
  "a ring of broadband seismometers",
  "continuous GPS stations",
  "an ultraviolet sulfur dioxide camera",
  "tiltmeters buried in the flanks",
  "a thermal webcam on the crater rim",
  "infrasound microphones",
];
const crops = ["coffee", "rice terraces", "vineyards", "potatoes", "tea", "maize", "sheep pasture", "citrus groves"];

function volcanoEntry(random: Random, name: () => string): Entry {
  const volcano = name();
  const region = random.pick(regions);
  const type = random.pick(volcanoTypes);
  const height = random.integer(900, 5800);
  const lastYear = random.integer(1600, 2023);
  const [magma, magmaGloss] = random.pick(magmas);
  const [hazard, hazardGloss] = random.pick(hazards);
  const instrument = random.pick(instruments);
  const people = random.integer(3, 480) * 1000;
  const crop = random.pick(crops);
  const vei = random.integer(2, 6);
  const ashKm = random.integer(4, 38);
  const discoverer = `${name()} ${name()}`;
  const surveyYear = random.integer(1780, 1950);
  const heading = `${volcano}`;
  return {
    heading,
    facts: [
      {
        sentence: `${volcano} is a ${type} in ${region}, and its summit stands ${height.toLocaleString("en-US")} metres above sea level.`,
        questions: [
          `How tall is ${volcano}, measured from the ocean?`,
          `What is the elevation of the peak of ${volcano}?`,
        ],
      },
      {
        sentence: `The most recent eruption of ${volcano} began in ${lastYear} and was recorded by the observers of the time.`,
        questions: [`When did ${volcano} last become active?`, `In which year did ${volcano} most recently blow?`],
      },
      {
        sentence: `Its magma is ${magma}: a ${magmaGloss}.`,
        questions: [`What kind of molten rock feeds ${volcano}?`],
      },
      {
        sentence: `The greatest danger around ${volcano} comes from ${hazard}, ${hazardGloss}, which is why the civil protection plan concentrates on them.`,
        questions: [`Which threat worries the emergency planners most near ${volcano}?`],
      },
      {
        sentence: `Scientists watch the mountain with ${instrument}, and the readings are sent to the regional observatory every few minutes.`,
        questions: [`What equipment keeps track of unrest at ${volcano}?`],
      },
      {
        sentence: `About ${people.toLocaleString("en-US")} people live within thirty kilometres of the crater, many of them growing ${crop} on the fertile slopes.`,
        questions: [
          `How many residents are settled close to ${volcano}?`,
          `What do farmers cultivate on the flanks of ${volcano}?`,
        ],
      },
      {
        sentence: `Its largest known eruption reached a volcanic explosivity index of ${vei}, and the ash column rose ${ashKm} kilometres into the sky.`,
        questions: [
          `How powerful was the biggest blast ever produced by ${volcano}?`,
          `How high did the plume of the worst outburst of ${volcano} climb?`,
        ],
      },
      {
        sentence: `The first scientific survey of the volcano was made in ${surveyYear} by the geologist ${discoverer}, whose notebooks are still consulted.`,
        questions: [`Who carried out the earliest study of ${volcano}, and when?`],
      },
    ],
  };
}

const departments = [
  "Calvados",
  "Sarthe",
  "Gironde",
  "Isère",
  "Vendée",
  "Marne",
  "Haute-Garonne",
  "Finistère",
  "Côte-d'Or",
  "Var",
  "Somme",
  "Loiret",
  "Puy-de-Dôme",
  "Bas-Rhin",
  "Hérault",
];
const grievances = [
  ["the salt tax", "the gabelle and its hated salt stores"],
  ["seigneurial dues", "the fees owed to the local lord on every sale of land"],
  ["the tithe", "the tenth of the harvest taken by the church"],
  ["the corvée", "the unpaid labour on the royal roads"],
  ["hunting rights", "the lord's exclusive right to hunt across peasant fields"],
  ["militia service", "the drawing of lots for the provincial militia"],
] as const;
const trades = [
  "weavers",
  "tanners",
  "vine growers",
  "millers",
  "fishermen",
  "glassmakers",
  "charcoal burners",
  "boatmen",
];
const festivals = [
  "a Festival of the Supreme Being",
  "a Festival of Reason",
  "a tree of liberty planting",
  "a Federation festival",
];
const professions = ["a lawyer", "a notary", "a country priest", "a surgeon", "a cloth merchant", "a schoolmaster"];

function revolutionEntry(random: Random, name: () => string): Entry {
  const commune = `Saint-${name()}`;
  const department = random.pick(departments);
  const inhabitants = random.integer(8, 95) * 100;
  const [grievance, grievanceGloss] = random.pick(grievances);
  const clubYear = random.integer(1790, 1793);
  const members = random.integer(20, 340);
  const deputy = `${name()} ${name()}`;
  const profession = random.pick(professions);
  const trade = random.pick(trades);
  const riotMonth = random.pick(["March", "April", "May", "June", "July", "August"]);
  const riotYear = random.integer(1789, 1795);
  const sold = random.integer(3, 60);
  const festival = random.pick(festivals);
  const festivalYear = random.integer(1790, 1794);
  const executed = random.integer(0, 14);
  return {
    heading: commune,
    facts: [
      {
        sentence: `${commune}, in what became the department of ${department}, counted ${inhabitants.toLocaleString("en-US")} inhabitants in 1789, most of them ${trade}.`,
        questions: [
          `What was the population of ${commune} on the eve of the Revolution?`,
          `How did most people in ${commune} earn a living?`,
        ],
      },
      {
        sentence: `Its cahier de doléances complained above all about ${grievance}, ${grievanceGloss}.`,
        questions: [`Which burden did the grievance list of ${commune} protest most bitterly?`],
      },
      {
        sentence: `A society of the friends of the constitution was founded there in ${clubYear} and soon had ${members} members.`,
        questions: [`When did ${commune} get its political club, and how large did it grow?`],
      },
      {
        sentence: `The town sent ${deputy}, ${profession}, to represent it, and he voted with the Mountain in the Convention.`,
        questions: [`Who spoke for ${commune} in the national assembly, and what was his job?`],
      },
      {
        sentence: `In ${riotMonth} ${riotYear} a crowd stopped the grain carts on the market square because the price of bread had doubled.`,
        questions: [`When did people in ${commune} seize the wagons of wheat during a food shortage?`],
      },
      {
        sentence: `${sold} parcels of former church land were auctioned as national property, most bought by wealthy townsmen rather than by peasants.`,
        questions: [`How many plots of confiscated clerical estates were sold off in ${commune}?`],
      },
      {
        sentence: `The municipality held ${festival} in ${festivalYear}, with a procession from the town hall to the meadow by the river.`,
        questions: [`What revolutionary celebration did ${commune} organise, and in which year?`],
      },
      {
        sentence: `During the Terror the revolutionary tribunal condemned ${executed} people from the district, a figure local historians still dispute.`,
        questions: [`How many residents of the ${commune} district were sentenced to death in 1793–1794?`],
      },
    ],
  };
}

const flours = [
  "stone-ground whole wheat",
  "light rye",
  "dark rye",
  "spelt",
  "einkorn",
  "high-extraction wheat",
  "durum semolina",
  "emmer",
];
const shapes = ["a round boule", "an oval bâtard", "a tin loaf", "a long baguette", "a ring", "a flat hearth loaf"];
const flavours = [
  "a mild, milky sourness",
  "a sharp vinegar tang",
  "notes of toasted hazelnut",
  "a honeyed sweetness",
  "a deep caramel bitterness",
  "a hint of yogurt",
];
const towns = ["Lyon", "Bergen", "Krakow", "Porto", "Ghent", "Turin", "Lübeck", "Cork", "Bruges", "Graz", "Uppsala"];

function sourdoughEntry(random: Random, name: () => string): Entry {
  const bread = `${name()} loaf`;
  const baker = `${name()} ${name()}`;
  const town = random.pick(towns);
  const founded = random.integer(1850, 2015);
  const flour = random.pick(flours);
  const share = random.integer(10, 60);
  const hydration = random.integer(62, 88);
  const levain = random.integer(8, 35);
  const bulkHours = random.integer(3, 14);
  const bulkTemp = random.integer(18, 28);
  const folds = random.integer(2, 6);
  const proofHours = random.integer(1, 18);
  const ovenTemp = random.integer(220, 260);
  const minutes = random.integer(30, 60);
  const shape = random.pick(shapes);
  const flavour = random.pick(flavours);
  const salt = (random.integer(16, 26) / 10).toFixed(1);
  return {
    heading: `The ${bread}`,
    facts: [
      {
        sentence: `The ${bread} comes from a bakery opened by ${baker} in ${town} in ${founded}, where it is still shaped as ${shape}.`,
        questions: [`Who created the ${bread}, and in which city?`, `What form is the ${bread} given before baking?`],
      },
      {
        sentence: `Its flour is ${share} percent ${flour}, the rest being white bread flour.`,
        questions: [`Which grain goes into the ${bread} besides ordinary white flour, and how much of it?`],
      },
      {
        sentence: `The dough is mixed at ${hydration} percent hydration with ${salt} percent salt.`,
        questions: [`How wet is the ${bread} dough, counting water against flour?`],
      },
      {
        sentence: `The levain makes up ${levain} percent of the flour weight and is fed twelve hours before mixing.`,
        questions: [`How much starter is used for the ${bread}?`],
      },
      {
        sentence: `Bulk fermentation lasts ${bulkHours} hours at ${bulkTemp} °C, with ${folds} sets of stretch and folds in the first two hours.`,
        questions: [`How long does the first rise of the ${bread} take, and how warm should it be?`],
      },
      {
        sentence: `After shaping, the loaf proofs for ${proofHours} hours in the refrigerator, which deepens its flavour.`,
        questions: [`How long does the shaped ${bread} rest in the cold before it goes into the oven?`],
      },
      {
        sentence: `It bakes at ${ovenTemp} °C for ${minutes} minutes, the first twenty under a lid to keep the steam in.`,
        questions: [`How hot is the oven for the ${bread}, and for how long is it baked?`],
      },
      {
        sentence: `Tasters describe the crumb as having ${flavour}, with a crackling, blistered crust.`,
        questions: [`What does the ${bread} taste like?`],
      },
    ],
  };
}

// A paragraph of context after the facts: shared vocabulary across entries of a subject, as real
// documents have, so that retrieval must tell entries apart by what is specific to each.
const context: Record<string, readonly string[]> = {
  volcanoes: [
    "Like most volcanoes of its kind, it alternates long quiet periods with short violent episodes, and the record of older eruptions is read from layers of ash in the surrounding valleys.",
    "Hikers reach the rim in a long day from the last village, although the path is closed whenever the alert level rises.",
    "The observatory publishes a weekly bulletin, and the alert level has four steps, from green to red.",
    "Hot springs on the lower slopes are used for bathing, and the mineral crusts around them are collected by local craftsmen.",
  ],
  revolution: [
    "Like many small towns, it learned of events in Paris days late, from travellers, letters and the printed newspapers read aloud at the inn.",
    "The parish priest had to choose between taking the oath to the Civil Constitution of the Clergy and going into hiding.",
    "Registers of births, marriages and deaths passed from the parish to the municipality, and the new calendar appeared on official papers.",
    "Volunteers left for the armies of the Republic in the levies, and the town sent shoes and bread to the frontier.",
  ],
  sourdough: [
    "As with every naturally leavened bread, the schedule depends on the kitchen: a warmer room ferments faster, and the dough is judged by its volume and its bubbles more than by the clock.",
    "The bakery keeps its culture alive with daily feedings, and regulars bring jars to take some of it home.",
    "A steam-injected deck oven gives the crust its colour, though home bakers get close with a covered cast-iron pot.",
    "The loaf keeps for several days wrapped in linen, and slices toast well once it begins to stale.",
  ],
};

const subjects = [
  { key: "volcanoes", fileName: "volcanoes.md", title: "Volcanoes of the World: A Field Guide", entry: volcanoEntry },
  {
    key: "revolution",
    fileName: "french-revolution.md",
    title: "The French Revolution in the Provinces",
    entry: revolutionEntry,
  },
  {
    key: "sourdough",
    fileName: "sourdough.md",
    title: "Sourdough Breads and How They Are Made",
    entry: sourdoughEntry,
  },
] as const;

/** Options of {@link generateCorpus}. */
export interface CorpusOptions {
  /** Entries (sections) per document (default 110). */
  readonly entriesPerDocument?: number;
  /** Every how many entries one gets questions (default 4). */
  readonly questionEvery?: number;
  readonly seed?: number;
}

/** Builds the documents (Markdown) and their labelled questions, the same for the same options. */
export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const entries = options.entriesPerDocument ?? 110;
  const every = options.questionEvery ?? 4;
  const documents: CorpusDocument[] = [];
  const questions: LabelledQuestion[] = [];
  const random = createRandom(options.seed ?? 15);
  const name = nameMaker(random.fork("names"));
  for (const subject of subjects) {
    const subjectRandom = random.fork(subject.key);
    const lines = [`# ${subject.title}`, ""];
    for (let index = 0; index < entries; index++) {
      const entry = subject.entry(subjectRandom, name);
      const facts = entry.facts;
      lines.push(`## ${entry.heading}`, "");
      lines.push(
        facts
          .slice(0, 4)
          .map((fact) => fact.sentence)
          .join(" "),
        "",
      );
      lines.push(
        facts
          .slice(4)
          .map((fact) => fact.sentence)
          .join(" "),
        "",
      );
      const shared = context[subject.key]!;
      const firstContext = subjectRandom.integer(0, shared.length - 1);
      const secondContext = (firstContext + subjectRandom.integer(1, shared.length - 1)) % shared.length;
      lines.push(shared[firstContext]!, "", shared[secondContext]!, "");
      if (index % every !== 0) continue;
      // Two questions per chosen entry, on different facts, each phrased one of its ways.
      const first = subjectRandom.integer(0, facts.length - 1);
      const second = (first + subjectRandom.integer(1, facts.length - 1)) % facts.length;
      for (const factIndex of [first, second]) {
        const fact = facts[factIndex]!;
        questions.push({
          id: `${subject.key}-${questions.filter((question) => question.document === subject.fileName).length + 1}`,
          document: subject.fileName,
          question: subjectRandom.pick(fact.questions),
          section: entry.heading,
          passage: fact.sentence,
        });
      }
    }
    documents.push({ fileName: subject.fileName, markdown: lines.join("\n") });
  }
  return { documents, questions };
}
