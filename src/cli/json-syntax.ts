/** Where a JSON text first breaks the grammar: offset, 1-based line and column, and what was expected. */
export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
}

class Stop extends Error {
  readonly offset: number;
  readonly expected: string;

  constructor(offset: number, expected: string) {
    super(expected);
    this.offset = offset;
    this.expected = expected;
  }
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const stringPattern = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * Finds the first syntax error of `text` as JSON (`undefined` when it is valid JSON), because
 * `JSON.parse` does not always say where: "Unexpected token '}', ..." names no position.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let index = 0;
  const skipSpace = () => {
    while (index < text.length && " \t\n\r".includes(text[index]!)) index++;
  };
  const expect = (character: string, expected: string) => {
    if (text[index] !== character) throw new Stop(index, expected);
    index++;
  };
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = index;
    const found = pattern.exec(text);
    if (found === null) return false;
    index += found[0].length;
    return true;
  };
  const value = (): void => {
    skipSpace();
    const character = text[index];
    if (character === "{") {
      index++;
      skipSpace();
      if (text[index] === "}") return void index++;
      for (;;) {
        skipSpace();
        if (!match(stringPattern)) throw new Stop(index, 'a property name in double quotes ("name")');
        skipSpace();
        expect(":", "':' after the property name");
        value();
        skipSpace();
        if (text[index] === ",") index++;
        else return expect("}", "',' or '}' after the property value");
      }
    }
    if (character === "[") {
      index++;
      skipSpace();
      if (text[index] === "]") return void index++;
      for (;;) {
        value();
        skipSpace();
        if (text[index] === ",") index++;
        else return expect("]", "',' or ']' after the item");
      }
    }
    if (match(stringPattern) || match(numberPattern)) return;
    for (const literal of ["true", "false", "null"])
      if (text.startsWith(literal, index)) return void (index += literal.length);
    throw new Stop(index, index >= text.length ? "more JSON (the text ends too early)" : "a JSON value");
  };
  try {
    value();
    skipSpace();
    if (index < text.length) throw new Stop(index, "the end of the text (something follows the JSON value)");
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset).split("\n");
    return { offset: error.offset, line: before.length, column: before.at(-1)!.length + 1, expected: error.expected };
  }
}
