import { EvidentError } from '../core/errors.ts';

/**
 * Exclusion globs for directory fingerprints (`--exclude` and `.evidentignore`).
 *
 * A small, documented subset of gitignore(5) "PATTERN FORMAT", matched against paths relative to
 * the fingerprinted root with '/' separators and no leading "./":
 *
 * - `*` matches any run of characters except '/'; `?` one character except '/';
 *   `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` one character of (not of) a class, never '/'.
 *   Wildcards match a leading '.' too (unlike a shell).
 * - `**` as a whole segment: `**` / `x/**` / `**` + `/x` / `a/**` + `/b` match any number of
 *   directories (zero or more; `x/**` matches everything inside x). Elsewhere `**` is `*`.
 * - `\` escapes the next character (`\*`, `\[`, `\!`, `\#`).
 * - A pattern without '/' (other than a trailing one) matches the last component at any depth:
 *   `*.log` excludes every .log file. With a '/' it is anchored at the root; a leading '/' only
 *   anchors (`/build` is the top-level build only).
 * - A trailing '/' matches directories only. A matched directory is excluded whole.
 * - Not supported, and refused rather than misread: negation (a leading `!`).
 *
 * Matching is done here, not by a generated RegExp: a backtracking regex for `*a*a*a*b` takes
 * polynomial time of high degree on a long name, and an `.evidentignore` comes with the tree being
 * fingerprinted. Here one segment costs at most O(name × pattern) and `**` is a memoised walk
 * over segments, O(pattern segments × path segments).
 */

/** A compiled glob. */
export interface Glob {
  readonly pattern: string;
  /** Does the glob select this entry? `path` is relative to the root, '/'-separated. */
  matches(path: string, isDirectory: boolean): boolean;
}

type Token =
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly ranges: readonly (readonly [number, number])[];
    };

/** A pattern segment: `**` alone, or tokens for one path component. */
type Segment = { readonly kind: 'globstar' } | { readonly kind: 'tokens'; readonly tokens: readonly Token[] };

const MAX_PATTERN_LENGTH = 4096;

export function compileGlob(pattern: string): Glob {
  const refuse = (why: string): never => {
    throw new EvidentError('bad_request', `exclude pattern ${JSON.stringify(pattern)}: ${why}`, { pattern });
  };
  if (pattern.length === 0) refuse('it is empty');
  if (pattern.length > MAX_PATTERN_LENGTH) refuse(`longer than ${MAX_PATTERN_LENGTH} characters`);
  if (pattern.startsWith('!')) refuse('negation (!) is not supported; write \\! for a literal "!"');
  if (pattern.includes('\n')) refuse('it contains a newline');

  let body = pattern;
  const directoryOnly = body.endsWith('/') && !body.endsWith('\\/');
  if (directoryOnly) body = body.slice(0, -1);
  if (body.startsWith('/')) body = body.slice(1);
  const segments = parseSegments(Array.from(body), refuse);
  if (segments.length === 0 || (segments.length === 1 && body.length === 0)) refuse('it matches nothing');
  // Anchored when a '/' separates segments or leads the pattern (gitignore: "a slash at the
  // beginning or middle").
  const anchored = segments.length > 1 || pattern.startsWith('/');

  return {
    pattern,
    matches(path: string, isDirectory: boolean): boolean {
      if (directoryOnly && !isDirectory) return false;
      const parts = path.split('/');
      if (anchored) return matchSegments(segments, parts);
      return matchSegments(segments, parts.slice(-1));
    },
  };
}

/** True when any of the globs selects the entry. */
export function anyGlobMatches(globs: readonly Glob[], path: string, isDirectory: boolean): boolean {
  return globs.some((glob) => glob.matches(path, isDirectory));
}

/** Split a pattern into segments at unescaped '/' outside classes, tokenising each. */
function parseSegments(chars: readonly string[], refuse: (why: string) => never): Segment[] {
  const segments: Segment[] = [];
  let tokens: Token[] = [];
  let starsOnly = 0; // count of '*' when the segment so far is only unescaped stars
  let plain = true;
  const close = (): void => {
    if (plain && starsOnly >= 2) segments.push({ kind: 'globstar' });
    else segments.push({ kind: 'tokens', tokens });
    tokens = [];
    starsOnly = 0;
    plain = true;
  };
  let i = 0;
  for (let c = chars[i]; c !== undefined; c = chars[i]) {
    if (c === '/') {
      close();
      i++;
      continue;
    }
    if (c === '*') {
      if (plain) starsOnly++;
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      i++;
      continue;
    }
    plain = false;
    if (c === '?') {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === '[') {
      const [token, next] = parseClass(chars, i, refuse);
      tokens.push(token);
      i = next;
    } else if (c === '\\') {
      const escaped = chars[i + 1];
      if (escaped === undefined) return refuse('it ends with a lone backslash');
      tokens.push({ kind: 'literal', char: escaped });
      i += 2;
    } else {
      tokens.push({ kind: 'literal', char: c });
      i++;
    }
  }
  close();
  return segments;
}

/** `[...]` starting at `start`: the class and the index after its closing `]`. */
function parseClass(
  chars: readonly string[],
  start: number,
  refuse: (why: string) => never,
): [Token, number] {
  let i = start + 1;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  const unclosed = (): never => refuse('a character class "[" is not closed');
  const next = (): string => {
    let c = chars[i] ?? unclosed();
    if (c === '\\') {
      i++;
      c = chars[i] ?? unclosed();
    }
    i++;
    return c;
  };
  let first = true;
  for (;;) {
    if (chars[i] === undefined) unclosed();
    if (chars[i] === ']' && !first) break;
    first = false;
    const from = codePoint(next());
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      i++;
      const to = codePoint(next());
      if (from > to) refuse('a range in a character class is reversed');
      ranges.push([from, to]);
    } else {
      ranges.push([from, from]);
    }
  }
  return [{ kind: 'class', negated, ranges }, i + 1];
}

/**
 * Pattern segments against path segments. `**` matches zero or more whole segments, except as the
 * last segment, where it matches one or more ("x/**" is everything inside x, not x itself).
 */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  const width = path.length + 1;
  const memo = new Uint8Array((pattern.length + 1) * width); // 0 unknown, 1 match, 2 no match
  const match = (i: number, j: number): boolean => {
    const seen = memo[i * width + j];
    if (seen !== 0) return seen === 1;
    let result: boolean;
    const segment = pattern[i];
    if (segment === undefined) {
      result = j === path.length;
    } else if (segment.kind === 'globstar') {
      result = false;
      for (let k = i === pattern.length - 1 ? j + 1 : j; k <= path.length && !result; k++)
        result = match(i + 1, k);
    } else {
      const part = path[j];
      result = part !== undefined && matchTokens(segment.tokens, Array.from(part)) && match(i + 1, j + 1);
    }
    memo[i * width + j] = result ? 1 : 2;
    return result;
  };
  return match(0, 0);
}

/**
 * One path component against one segment's tokens: the classic wildcard walk that, on a
 * mismatch, only ever returns to the last star — O(name × tokens) at worst, no exponential cases.
 */
function matchTokens(tokens: readonly Token[], name: readonly string[]): boolean {
  let t = 0;
  let n = 0;
  let starToken = -1;
  let starName = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind === 'star') {
      starToken = t++;
      starName = n;
    } else if (token !== undefined && matchesOne(token, name[n] ?? '')) {
      t++;
      n++;
    } else if (starToken >= 0) {
      t = starToken + 1;
      n = ++starName;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function matchesOne(token: Exclude<Token, { kind: 'star' }>, char: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.char === char;
    case 'any':
      return true;
    case 'class': {
      const cp = codePoint(char);
      return token.ranges.some(([from, to]) => cp >= from && cp <= to) !== token.negated;
    }
  }
}

function codePoint(c: string): number {
  return c.codePointAt(0) ?? 0;
}
