/**
 * Generates strings matching simple regular expressions (the `pattern` keyword of JSON Schema):
 * literals, `.`, classes, `\d \w \s`, groups, alternation and quantifiers. Lookarounds and
 * backreferences are not supported; callers fall back to plain text.
 */
import type { Random } from "./random.ts";

type Node =
  | { readonly type: "literal"; readonly text: string }
  | { readonly type: "set"; readonly characters: readonly string[] }
  | { readonly type: "sequence"; readonly items: readonly Node[] }
  | { readonly type: "choice"; readonly options: readonly Node[] }
  | { readonly type: "repeat"; readonly node: Node; readonly min: number; readonly max: number };

const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
const digits = [..."0123456789"];
const lower = [..."abcdefghijklmnopqrstuvwxyz"];
const wordCharacters = [...lower, ...lower.map((character) => character.toUpperCase()), ...digits, "_"];
const spaces = [" "];
const letters = [...lower, ...lower.map((character) => character.toUpperCase())];
// Unbounded quantifiers (`*`, `+`, `{n,}`) repeat at most this many times beyond their minimum.
const openRepeat = 6;

class UnsupportedPattern extends Error {}

/**
 * Returns a string that `new RegExp(pattern, "u")` matches, or `undefined` when the pattern uses
 * syntax this generator does not support or the result does not match.
 */
export function generateFromPattern(pattern: string, random: Random): string | undefined {
  let tree: Node;
  try {
    const parser = new Parser(pattern);
    tree = parser.parseChoice();
    if (!parser.done()) return undefined;
  } catch (error) {
    if (error instanceof UnsupportedPattern) return undefined;
    throw error;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidate = render(tree, random);
    if (regex.test(candidate)) return candidate;
  }
  return undefined;
}

function render(node: Node, random: Random): string {
  switch (node.type) {
    case "literal":
      return node.text;
    case "set":
      return random.pick(node.characters);
    case "sequence":
      return node.items.map((item) => render(item, random)).join("");
    case "choice":
      return render(random.pick(node.options), random);
    case "repeat": {
      const count = random.integer(node.min, node.max);
      let text = "";
      for (let index = 0; index < count; index++) text += render(node.node, random);
      return text;
    }
  }
}

class Parser {
  private position = 0;
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  done(): boolean {
    return this.position >= this.source.length;
  }

  parseChoice(): Node {
    const options = [this.parseSequence()];
    while (this.peek() === "|") {
      this.position++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? (options[0] as Node) : { type: "choice", options };
  }

  private parseSequence(): Node {
    const items: Node[] = [];
    while (!this.done() && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.parseAtom();
      items.push(this.parseQuantifier(atom));
    }
    return { type: "sequence", items };
  }

  private parseAtom(): Node {
    const character = this.next();
    switch (character) {
      case "^":
      case "$":
        return { type: "literal", text: "" };
      case ".":
        return { type: "set", characters: letters };
      case "(": {
        if (this.peek() === "?") {
          if (this.source.startsWith("?:", this.position)) this.position += 2;
          else throw new UnsupportedPattern();
        }
        const inner = this.parseChoice();
        if (this.next() !== ")") throw new UnsupportedPattern();
        return inner;
      }
      case "[":
        return this.parseClass();
      case "\\":
        return this.parseEscape();
      case "*":
      case "+":
      case "?":
      case "{":
      case ")":
        throw new UnsupportedPattern();
      default:
        return { type: "literal", text: character };
    }
  }

  private parseEscape(): Node {
    const character = this.next();
    const set = escapeSet(character);
    if (set) return { type: "set", characters: set };
    if (/[1-9bBkpPux]/.test(character)) throw new UnsupportedPattern();
    const controls: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v" };
    return { type: "literal", text: controls[character] ?? character };
  }

  private parseClass(): Node {
    const negated = this.peek() === "^";
    if (negated) this.position++;
    const members = new Set<string>();
    let first = true;
    while (this.peek() !== "]" || first) {
      if (this.done()) throw new UnsupportedPattern();
      first = false;
      let character = this.next();
      if (character === "\\") {
        const escaped = this.next();
        const set = escapeSet(escaped);
        if (set) {
          for (const member of set) members.add(member);
          continue;
        }
        character = escaped;
      }
      if (this.peek() === "-" && this.source[this.position + 1] !== "]" && this.position + 1 < this.source.length) {
        this.position++;
        let end = this.next();
        if (end === "\\") end = this.next();
        const [from, to] = [character.codePointAt(0) ?? 0, end.codePointAt(0) ?? 0];
        if (to < from || to - from > 2000) throw new UnsupportedPattern();
        for (let code = from; code <= to; code++) members.add(String.fromCodePoint(code));
      } else {
        members.add(character);
      }
    }
    this.position++;
    const characters = negated ? printable.filter((character) => !members.has(character)) : [...members];
    if (characters.length === 0) throw new UnsupportedPattern();
    return { type: "set", characters };
  }

  private parseQuantifier(atom: Node): Node {
    const character = this.peek();
    let min: number;
    let max: number;
    if (character === "*") [min, max] = [0, openRepeat];
    else if (character === "+") [min, max] = [1, 1 + openRepeat];
    else if (character === "?") [min, max] = [0, 1];
    else if (character === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!match) return atom;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] ? Number(match[3]) : min + openRepeat;
      this.position += match[0].length - 1;
    } else return atom;
    this.position++;
    if (this.peek() === "?") this.position++;
    return { type: "repeat", node: atom, min, max };
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }

  private next(): string {
    const character = this.source[this.position];
    if (character === undefined) throw new UnsupportedPattern();
    this.position++;
    return character;
  }
}

function escapeSet(character: string): readonly string[] | undefined {
  switch (character) {
    case "d":
      return digits;
    case "w":
      return wordCharacters;
    case "s":
      return spaces;
    case "D":
      return letters;
    case "W":
      return ["-", " ", "."];
    case "S":
      return letters;
    default:
      return undefined;
  }
}
