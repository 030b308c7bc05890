/**
 * Human-readable progress lines. They go to stdout as they happen so a long run shows life; the JSON
 * summary is printed by run.ts as the very last stdout line, so tools can take `tail -n 1`.
 */

export function heading(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

export function line(text: string): void {
  process.stdout.write(`   ${text}\n`);
}

/** 12345.6 → "12,346": figures people compare at a glance. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function ms(value: number): string {
  return `${num(value, value < 10 ? 3 : 1)} ms`;
}

/** "0.62× (target ≥ 0.5: ok)". */
export function verdict(value: number, target: string, ok: boolean): string {
  return `${num(value, 3)}× (target ${target}: ${ok ? 'met' : 'NOT met'})`;
}
