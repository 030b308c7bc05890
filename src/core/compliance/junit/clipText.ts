/**
 * Bounded, single-line text for summaries and reasons: control characters (C0, DEL, C1) become
 * spaces, runs of whitespace collapse, and the result is cut to `maxChars` UTF-16 units without
 * splitting a surrogate pair (canonical JSON refuses lone surrogates, RFC 8785 §3.2.2.2), with "…"
 * marking the cut.
 */
export function clipText(value: string, maxChars: number): string {
  // Only the head can survive the cut: normalise a bounded prefix, not a 64 MiB attribute.
  const head = value.length > maxChars * 4 + 64 ? value.slice(0, maxChars * 4 + 64) : value;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const line = head.replace(/[\u0000-\u001f\u007f-\u009f\s]+/gu, ' ').trim();
  if (line.length <= maxChars && head === value) return withoutTrailingHighSurrogate(line);
  return `${withoutTrailingHighSurrogate(line.slice(0, maxChars - 1)).trimEnd()}…`;
}

/** Inputs cut by `slice` may end inside a surrogate pair; drop the orphaned half. */
function withoutTrailingHighSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/** The first line of `text` that is not blank, or ''. Looks only at the first `maxChars` units. */
export function firstLine(text: string, maxChars: number): string {
  for (const line of text.slice(0, maxChars).split(/\r\n|\r|\n/u)) {
    if (line.trim() !== '') return line;
  }
  return '';
}
