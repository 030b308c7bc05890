/** How `--help` explains times and snapshot REFs (core/model/snapshotRef.ts), the same everywhere. */
export const TIME_HELP =
  'time is 2026-11-19T02:30:00Z (with Z or an offset), 2026-11-19, now, or 2.days.ago (seconds to weeks).';

export const REF_HELP = `
A snapshot REF is ENV (what runs now), ENV#N (snapshot N), ENV~N (N before the latest) or ENV@{time};
${TIME_HELP}
`;
