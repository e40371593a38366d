/**
 * Reading YAML (and JSON — JSON is YAML) into plain data with source
 * positions, for scenario and problem files.
 *
 * - Syntax errors are ProblemErrors at `source:line:column`.
 * - Alias expansion is limited (YAML "billion laughs" bombs): a document
 *   whose aliases would expand beyond MAX_ALIAS_COUNT is refused, naming the
 *   line and column of its first alias, before anything is built.
 * - `locate(path)` turns a field path such as `sweep.values[2]` into
 *   `source:line:column` of that node (or of its closest existing parent).
 */
import { LineCounter, isNode, parseDocument, visit, type Document } from 'yaml';
import { ProblemError } from './errors.js';

/** Largest alias expansion accepted (the `yaml` package's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;

export interface YamlOptions {
  /** Treat plain (unquoted) scalars NaN, Infinity and -Infinity as numbers (JSON files written by numpy). */
  jsonNonFinite?: boolean;
  /** Word used in syntax errors ("not valid YAML/JSON", "malformed JSON"). */
  syntaxLabel?: string;
  /** Name the position in the message ("source: malformed JSON at line 2, column 3: ...") instead of the path ("source:2:3"). */
  positionInMessage?: boolean;
}

export interface ParsedYaml {
  value: unknown;
  /** `source:line:column` of a field path (falls back to the closest parent, then `source`). */
  locate: (path: string) => string;
  /** Line and column of a field path, or null. */
  position: (path: string) => { line: number; col: number } | null;
}

/** Split a path such as `sweep.values[2]` or `observables["P(I1)"]` into segments. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

function firstAlias(doc: Document): number | null {
  let pos: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) pos = node.range[0];
      return visit.BREAK;
    },
  });
  return pos;
}

/**
 * Parse YAML/JSON text into plain data. Throws a ProblemError at
 * `source:line:column` for a syntax error or an alias bomb.
 */
export function parseYamlText(text: string, source: string, options: YamlOptions = {}): ParsedYaml {
  const label = options.syntaxLabel ?? 'not valid YAML/JSON';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const what = e.message.split('\n')[0];
    if (options.positionInMessage) throw new ProblemError(source, `${label} at line ${pos.line}, column ${pos.col}: ${what}`);
    throw new ProblemError(`${source}:${pos.line}:${pos.col}`, `${label}: ${what}`);
  }
  if (options.jsonNonFinite) {
    visit(doc, {
      Scalar(_key, node) {
        if (node.type === 'PLAIN' && (node.value === 'NaN' || node.value === 'Infinity' || node.value === '-Infinity')) node.value = Number(node.value);
      },
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    const first = firstAlias(doc);
    const pos = first === null ? null : lineCounter.linePos(first);
    const where = pos && !options.positionInMessage ? `${source}:${pos.line}:${pos.col}` : source;
    const at = pos && options.positionInMessage ? ` at line ${pos.line}, column ${pos.col}` : '';
    if (err instanceof ReferenceError || /alias/i.test((err as Error).message)) {
      throw new ProblemError(where, `YAML aliases${at} expand too much (more than ${MAX_ALIAS_COUNT}-fold; an "alias bomb"); write the data out instead of nesting aliases`);
    }
    throw new ProblemError(where, `cannot read the document: ${(err as Error).message}`);
  }
  const position = (path: string): { line: number; col: number } | null => {
    let segs = pathSegments(path);
    while (segs.length > 0) {
      const node = doc.getIn(segs, true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
      segs = segs.slice(0, -1);
    }
    return null;
  };
  const locate = (path: string): string => {
    const pos = position(path);
    return pos ? `${source}:${pos.line}:${pos.col}` : source;
  };
  return { value, locate, position };
}
