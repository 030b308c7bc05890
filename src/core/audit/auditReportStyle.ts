/**
 * The report's only style sheet, inline (the document makes no request of its own). Verdicts are
 * never told by colour alone: each badge carries an icon and a word; colours only help the eye.
 * Print-friendly: no backgrounds that matter, tables that break across pages by row.
 */
export const AUDIT_REPORT_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --good: #116329; --bad: #a40e26; --warn: #7d4e00; --unknown: #57606a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 2rem 1.5rem 4rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.4rem; overflow-wrap: break-word; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.5rem; overflow-wrap: break-word; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
p, ul, ol, dl { margin: 0.4rem 0 0.8rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
/* Only hashes, ids and other codes may break anywhere: words never break inside. */
code { overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 0.6rem 0.8rem; white-space: pre-wrap; overflow-wrap: break-word; }
pre code { overflow-wrap: break-word; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.muted { color: var(--muted); }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 1rem 0.8rem; margin: 1rem 0; break-inside: avoid-page; }
.facts { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: 0.25rem 1rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; overflow-wrap: break-word; hyphens: manual; }
th { border-bottom: 2px solid var(--line); font-weight: 600; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
tr { break-inside: avoid; }
.badge { display: inline-block; white-space: nowrap; font-weight: 600; font-size: 0.85rem; border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5rem; }
.good { color: var(--good); } .bad { color: var(--bad); } .warn { color: var(--warn); } .unknown { color: var(--unknown); }
.verdict-box { border: 2px solid currentColor; border-radius: 6px; padding: 0.6rem 1rem; margin: 0.8rem 0 1rem; }
.verdict-box p { margin: 0; color: var(--ink); }
.verdict-box strong { font-size: 1.15rem; }
.reasons { margin: 0.2rem 0; padding-left: 1.2rem; }
.reasons li { overflow-wrap: break-word; }
.ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; color: var(--muted); white-space: nowrap; }
.message { white-space: pre-wrap; margin: 0; }
@media print { body { max-width: none; padding: 0; } .card { border-color: #999; } }
`;
