// Loader for the transparency-dev/merkle proof test data copied to test/vectors/merkle/ (see the
// README there for repository, paths and commits). Hashes are base64 (Go's encoding of []byte).
// Test data only.
import { readFileSync } from 'node:fs';

interface RawInclusion {
  source: string;
  leafIdx?: number;
  leafIndex?: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface RawConsistency {
  source: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

export interface InclusionVector {
  source: string;
  index: number;
  size: number;
  root: Uint8Array;
  leafHash: Uint8Array;
  proof: Uint8Array[];
  wantErr: boolean;
}

export interface ConsistencyVector {
  source: string;
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: Uint8Array[];
  wantErr: boolean;
}

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../test/vectors/merkle/${name}`, import.meta.url), 'utf8'));
}

export const inclusionVectors: InclusionVector[] = (
  load('transparency-dev-inclusion.json') as RawInclusion[]
).map((v) => ({
  source: v.source,
  index: v.leafIdx ?? v.leafIndex ?? Number.NaN,
  size: v.treeSize,
  root: b64(v.root),
  leafHash: b64(v.leafHash),
  proof: (v.proof ?? []).map(b64),
  wantErr: v.wantErr,
}));

export const consistencyVectors: ConsistencyVector[] = (
  load('transparency-dev-consistency.json') as RawConsistency[]
).map((v) => ({
  source: v.source,
  size1: v.size1,
  size2: v.size2,
  root1: b64(v.root1),
  root2: b64(v.root2),
  proof: (v.proof ?? []).map(b64),
  wantErr: v.wantErr,
}));
