/**
 * A conservative guard against catastrophic backtracking: JavaScript regular expressions backtrack,
 * so a pattern such as `(a+)+$` takes exponential time on a hostile string. Patterns in custom types
 * (JSON Schema `pattern`, CEL `matches`) run against client data, so they are refused when a
 * repeated group contains a quantifier or an alternation (star height above one), or when they use
 * backreferences. Safe patterns can be rewritten without nesting (`(\d+\.)+\d+` → `[\d.]+`).
 * Polynomial backtracking (`.*.*.*x`) remains possible; the callers also bound subject lengths.
 */

/** A group repeated at most this often is not treated as unbounded repetition. */
const SMALL_REPEAT = 16;

interface Frame {
  quantified: boolean;
  alternation: boolean;
}

interface Atom {
  readonly group: boolean;
  readonly risky: boolean;
}

/** Index just past the character class starting at `start` (`[`). */
function skipClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') i += 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The quantifier at `i`: its length and the most repetitions it allows, or undefined. */
function quantifierAt(pattern: string, i: number): { length: number; max: number } | undefined {
  const c = pattern[i];
  let length: number;
  let max: number;
  if (c === '*' || c === '+') {
    length = 1;
    max = Infinity;
  } else if (c === '?') {
    length = 1;
    max = 1;
  } else if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
    if (match === null) return undefined;
    length = match[0].length;
    const low = Number(match[1]);
    max = match[2] === undefined ? low : match[3] === '' ? Infinity : Number(match[3]);
  } else {
    return undefined;
  }
  if (pattern[i + length] === '?') length += 1; // lazy
  return { length, max };
}

/** Why `pattern` is refused, or undefined when it passes. */
export function unsafeRegexReason(pattern: string): string | undefined {
  const frames: Frame[] = [{ quantified: false, alternation: false }];
  let last: Atom | undefined;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const top = frames[frames.length - 1];
    if (top === undefined) return 'it has an unbalanced ")"';
    const quantifier = quantifierAt(pattern, i);
    if (quantifier !== undefined) {
      if (last?.group === true && last.risky && quantifier.max > SMALL_REPEAT) {
        return 'it repeats a group that itself contains a quantifier or "|" (catastrophic backtracking)';
      }
      top.quantified = true;
      last = undefined;
      i += quantifier.length;
      continue;
    }
    switch (c) {
      case '\\': {
        const next = pattern[i + 1] ?? '';
        if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) {
          return 'it uses a backreference';
        }
        if (/[pPu]/.test(next) && pattern[i + 2] === '{') {
          const close = pattern.indexOf('}', i + 3);
          i = close < 0 ? pattern.length : close + 1;
        } else {
          i += 2;
        }
        last = { group: false, risky: false };
        break;
      }
      case '[':
        i = skipClass(pattern, i);
        last = { group: false, risky: false };
        break;
      case '(': {
        frames.push({ quantified: false, alternation: false });
        const prefix = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i, i + 256));
        i += prefix === null ? 1 : prefix[0].length;
        last = undefined;
        break;
      }
      case ')': {
        const frame = frames.pop();
        const parent = frames[frames.length - 1];
        if (frame === undefined || parent === undefined) return 'it has an unbalanced ")"';
        parent.quantified ||= frame.quantified;
        last = { group: true, risky: frame.quantified || frame.alternation };
        i += 1;
        break;
      }
      case '|':
        top.alternation = true;
        last = undefined;
        i += 1;
        break;
      default:
        last = { group: false, risky: false };
        i += 1;
    }
  }
  return undefined;
}
