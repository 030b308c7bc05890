/** One thing `evident verify` found wrong, precise enough to act on (DESIGN §3 "Verification"). */
export interface Finding {
  readonly org: string;
  /** What kind of damage: entry bytes, tree nodes, checkpoint, truncation, projection, … */
  readonly kind:
    | 'entry'
    | 'leaf_hash'
    | 'tree_node'
    | 'gap'
    | 'checkpoint'
    | 'head'
    | 'truncated'
    | 'witness'
    | 'projection'
    | 'evidence';
  readonly index?: number;
  readonly table?: string;
  readonly message: string;
}

export interface OrgSummary {
  readonly org: string;
  readonly entries: number;
  readonly checkpoints: number;
  readonly rootHash: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly orgs: readonly OrgSummary[];
  /** The findings listed (at most 50 of each kind per org)… */
  readonly findings: readonly Finding[];
  /** …and how many there were in all. */
  readonly findingCount: number;
  readonly seconds: number;
}

/** Caps findings of one kind per org so a wholesale rewrite still gives a readable report. */
export class Findings {
  readonly list: Finding[] = [];
  total = 0;
  private readonly perKind = new Map<string, number>();
  private static readonly LIMIT = 50;

  add(finding: Finding): void {
    this.total += 1;
    const key = `${finding.org}/${finding.kind}`;
    const n = (this.perKind.get(key) ?? 0) + 1;
    this.perKind.set(key, n);
    if (n <= Findings.LIMIT) this.list.push(finding);
    else if (n === Findings.LIMIT + 1) {
      this.list.push({
        org: finding.org,
        kind: finding.kind,
        message: `more ${finding.kind} findings omitted`,
      });
    }
  }
}
