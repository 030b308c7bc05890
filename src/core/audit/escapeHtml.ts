/**
 * Text for HTML: in an element's content or a double- or single-quoted attribute value (HTML Living
 * Standard §13.1.2.6, §13.2.5). The five characters that can end text or an attribute become
 * character references; control characters other than tab, line feed and carriage return, which
 * HTML forbids in a document (§13.2.3.5), become U+FFFD, so a report stays a valid document whatever
 * names and messages it quotes.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']|\p{Cc}/gu, (c) => ESCAPES[c] ?? (ALLOWED.includes(c) ? c : '\ufffd'));
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const ALLOWED = ['\t', '\n', '\r'];
