import { escapeHtml } from './escapeHtml.ts';

/** A piece of HTML that is already safe: built by {@link html}, or markup written in this code. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may go into {@link html}: text (escaped), numbers, safe pieces, lists of them, or nothing. */
export type HtmlValue = string | number | Html | readonly HtmlValue[] | null | undefined | false;

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

/**
 * A tagged template for HTML in which every interpolated value is escaped unless it is itself
 * HTML: escaping is what happens when nobody thinks about it.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Pieces joined by a separator (text, escaped). */
export function join(values: readonly HtmlValue[], separator: string): Html {
  return new Html(values.map((v) => render(v)).join(escapeHtml(separator)));
}
