import type { EvidenceFile } from '../compliance/evaluation.ts';
import { parseEvidenceJson } from '../compliance/evidenceJson.ts';
import { parseJunit } from '../compliance/junit/parseJunit.ts';
import { snykProjects } from '../compliance/snyk/snykProjects.ts';
import { trivyReport } from '../compliance/trivy/trivyReport.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import type { Artifact, Attestation, Trail } from '../model/trail.ts';
import {
  EVIDENT_BUILD_TYPE,
  SLSA_PROVENANCE_V1,
  STATEMENT_V1,
  TEST_RESULT_V01,
  VSA_V1,
  VULNS_V02,
  type ResourceDescriptor,
  type Statement,
} from './inTotoTypes.ts';
import { builderIdOf, logEntryUriOf, resourceUriOf, verifierIdOf } from './evidentIds.ts';

/*
 * Exports what Evident recorded about one artifact in one trail as in-toto Statements v1
 * (spec/v1/statement.md), one per fact: SLSA provenance v1 for the build (https://slsa.dev/provenance/v1),
 * a test-result v0.1 predicate per junit attestation (spec/predicates/test-result.md), a vulns v0.2
 * predicate per trivy or snyk attestation (spec/predicates/vulns_02.md) and a SLSA VSA v1 for Evident's
 * compliance decision (https://slsa.dev/verification_summary/v1). Pure: the caller loads the facts,
 * the evidence, the template and the digests of the attestations' ledger entries; the same history gives the same statements. Unsigned: they are
 * anchored by the ledger (its signed checkpoints cover every fact used), not by a DSSE signature.
 */

/** What one report of an artifact brings to the export. */
export interface ArtifactStory {
  /** The server's origin (checkpoint origins are `<origin>/<org>`): names the verifier and the log. */
  readonly origin: string;
  readonly org: string;
  readonly artifact: Artifact;
  readonly trail: Trail;
  /** The template the trail is judged by (its own, else its flow's; evidentIds.ts templateUriOf), canonical JSON SHA-256. */
  readonly policy: { readonly uri: string; readonly sha256: string | null };
  /** The attestations about this artifact in the trail, oldest first. */
  readonly attestations: readonly Attestation[];
  /** Evidence files by SHA-256 (those the junit, trivy and snyk attestations reference). */
  readonly evidence: ReadonlyMap<string, Uint8Array>;
  /** SHA-256 (hex) of the ledger entry bytes of each attestation, by ledger index (Attestation.index). */
  readonly entryDigests: ReadonlyMap<number, string>;
}

function subjectOf(artifact: Artifact): ResourceDescriptor[] {
  return [{ name: artifact.filename ?? artifact.name, digest: { sha256: artifact.fingerprint } }];
}

function statement(
  artifact: Artifact,
  predicateType: string,
  predicate: { [key: string]: JsonValue },
): Statement {
  return { _type: STATEMENT_V1, subject: subjectOf(artifact), predicateType, predicate };
}

/** The evidence of an attestation, as files; those missing from the map are left out. */
function filesOf(story: ArtifactStory, attestation: Attestation): EvidenceFile[] {
  return attestation.evidence.flatMap((e) => {
    const bytes = story.evidence.get(e.sha256);
    return bytes === undefined ? [] : [{ name: e.name, sha256: e.sha256, bytes }];
  });
}

/** SLSA provenance v1 with the Evident build type (inTotoTypes.ts EVIDENT_BUILD_TYPE). */
function provenance(story: ArtifactStory): Statement {
  const { artifact, trail } = story;
  const commit = artifact.commit ?? trail.commit?.sha ?? null;
  const repository = artifact.repository ?? null;
  const external: { [key: string]: JsonValue } = { flow: artifact.flow, trail: artifact.trail };
  if (repository !== null) external.repository = repository;
  if (commit !== null) external.commit = commit;
  const dependency: { [key: string]: JsonValue } | undefined =
    commit === null
      ? undefined
      : {
          ...(repository !== null && {
            uri: repository.startsWith('git+') ? repository : `git+${repository}`,
          }),
          digest: { gitCommit: commit },
        };
  const buildUrl = artifact.buildUrl ?? trail.originUrl;
  return statement(artifact, SLSA_PROVENANCE_V1, {
    buildDefinition: {
      buildType: EVIDENT_BUILD_TYPE,
      externalParameters: external,
      ...(dependency !== undefined && { resolvedDependencies: [dependency] }),
    },
    runDetails: {
      // The build platform (the same for every run on it), not the run: that is invocationId.
      builder: { id: builderIdOf(buildUrl) },
      metadata: {
        invocationId: buildUrl ?? `${artifact.flow}/${artifact.trail}`,
        startedOn: trail.createdAt,
        finishedOn: artifact.createdAt,
      },
    },
  });
}

/** test-result v0.1 from a junit attestation: FAILED when Evident judged it not compliant. */
function testResult(story: ArtifactStory, attestation: Attestation): Statement {
  const failed = new Set<string>();
  for (const file of filesOf(story, attestation)) {
    try {
      for (const c of parseJunit(file.bytes).failedCases)
        failed.add(c.classname === '' ? c.name : `${c.classname}.${c.name}`);
    } catch {
      // The evaluation already recorded why this file cannot be read; the result stands on it.
    }
  }
  const url = story.artifact.buildUrl ?? story.trail.originUrl;
  return statement(story.artifact, TEST_RESULT_V01, {
    result: attestation.compliant ? 'PASSED' : 'FAILED',
    // "the configuration used for the test run": Evident is told only the results, so none is known
    // (required, hence empty). The JUnit files are results, not configuration, and the predicate has no
    // field for them: they are named (SHA-256) by the attestation's ledger entry, which the VSA's
    // inputAttestations lists, and kept in the evidence vault.
    configuration: [],
    ...(url !== null && { url }),
    // Passed test names are not kept by the JUnit reading (counts only): only failures are named.
    failedTests: [...failed],
  });
}

/** vulns v0.2 from a trivy or snyk attestation: every finding id with its severity. */
function vulns(story: ArtifactStory, attestation: Attestation): Statement {
  const results = new Map<string, string>();
  let version: string | null = null;
  for (const file of filesOf(story, attestation)) {
    try {
      const json = parseEvidenceJson(file, attestation.type);
      if (attestation.type === 'trivy') {
        for (const f of trivyReport(file, json).findings) results.set(f.id, f.severity);
        const trivy = (json as { Trivy?: { Version?: unknown } }).Trivy;
        if (typeof trivy?.Version === 'string') version = trivy.Version;
      } else {
        for (const project of snykProjects(file, json).projects)
          for (const p of project.paths) results.set(p.id, p.severity.toUpperCase());
      }
    } catch {
      // Unreadable evidence was already judged non-compliant; say nothing more than the evaluation.
    }
  }
  const scanner = attestation.type === 'trivy' ? 'pkg:github/aquasecurity/trivy' : 'pkg:npm/snyk';
  return statement(story.artifact, VULNS_V02, {
    scanner: {
      uri: scanner,
      ...(version !== null && { version }),
      result: [...results].map(([id, severity]) => ({
        id,
        severity: [{ method: attestation.type, score: severity }],
      })),
    },
    metadata: { scanStartedOn: attestation.createdAt, scanFinishedOn: attestation.createdAt },
  });
}

/** SLSA VSA v1: Evident's compliance decision on the artifact in this trail. */
function verificationSummary(story: ArtifactStory, attestations: readonly Attestation[]): Statement {
  const { artifact } = story;
  const times = [artifact.createdAt, ...attestations.map((a) => a.createdAt)].sort();
  return statement(artifact, VSA_V1, {
    verifier: { id: verifierIdOf(story.origin) },
    // The decision is re-derived whenever a fact it depends on is recorded: as of the latest one.
    timeVerified: times.at(-1) ?? artifact.createdAt,
    resourceUri: resourceUriOf(artifact.fingerprint),
    policy: {
      uri: story.policy.uri,
      ...(story.policy.sha256 !== null && { digest: { sha256: story.policy.sha256 } }),
    },
    // Every attestation the decision rests on, as its ledger entry: the digest is of the entry bytes
    // (what `log/entries` returns base64-encoded), so it can be checked against the signed log.
    inputAttestations: attestations.map((a) => {
      const sha256 = story.entryDigests.get(a.index);
      if (sha256 === undefined) throw new Error(`no ledger entry digest for attestation ${a.index}`);
      return { name: a.name, uri: logEntryUriOf(story.origin, story.org, a.index), digest: { sha256 } };
    }),
    verificationResult: artifact.compliant ? 'PASSED' : 'FAILED',
    // Evident checks its template, not SLSA build levels: a custom value (VSA "SlsaResult" allows them).
    verifiedLevels: [artifact.compliant ? 'EVIDENT_TEMPLATE_COMPLIANT' : 'FAILED'],
    slsaVersion: '1.0',
  });
}

/** The statements of one report of an artifact: provenance, test results, scans, then the VSA. */
export function artifactStatements(story: ArtifactStory): Statement[] {
  // The latest attestation of each name decides (DESIGN §4), so only those are exported and used.
  const latest = new Map<string, Attestation>();
  for (const a of story.attestations) latest.set(a.name, a);
  const facts = [...latest.values()].flatMap((a) =>
    a.type === 'junit'
      ? [testResult(story, a)]
      : a.type === 'trivy' || a.type === 'snyk'
        ? [vulns(story, a)]
        : [],
  );
  return [provenance(story), ...facts, verificationSummary(story, [...latest.values()])];
}

/** JSON Lines (spec/v1/bundle.md): one statement a line, each ending in a newline. */
export function statementLines(statements: readonly Statement[]): string {
  return statements.map((s) => `${JSON.stringify(s)}\n`).join('');
}
