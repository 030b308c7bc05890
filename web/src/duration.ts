const UNITS: readonly (readonly [number, string])[] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** A period in words, in its largest unit and the next one: "3 h 5 min", "2 d", "40 s". */
export function duration(fromIso: string, untilIso: string): string {
  let rest = Math.max(0, Math.round((Date.parse(untilIso) - Date.parse(fromIso)) / 1000));
  const counts = UNITS.map(([size, unit]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return [count, unit] as const;
  });
  const first = counts.findIndex(([count]) => count > 0);
  if (first === -1) return '0 s';
  return counts
    .slice(first, first + 2)
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count} ${unit}`)
    .join(' ');
}
