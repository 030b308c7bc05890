import type { Readable } from 'node:stream';
import { EvidentError } from '../../core/errors.ts';
import { canonicalBytes } from '../../core/ledger/canonicalJson.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { parseNote } from '../../core/ledger/signedNote.ts';
import { templateUriOf } from '../../core/intoto/evidentIds.ts';
import { artifactStatements } from '../../core/intoto/exportStatements.ts';
import type { Statement } from '../../core/intoto/inTotoTypes.ts';
import { checkSha256 } from '../../core/model/trail.ts';
import { createHash } from 'node:crypto';
import type { EvidentServices } from '../evidentServices.ts';

/** Evidence types whose files the export reads (test names, vulnerability ids). */
const READ_EVIDENCE = new Set(['junit', 'trivy', 'snyk']);

async function bytesOf(body: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The in-toto statements of an artifact (issue #8 §4): for every trail that reported the
 * fingerprint, its provenance, test results, scans and Evident's verification summary
 * (core/intoto/exportStatements.ts). 404 when no trail reported it.
 */
export async function inTotoExport(
  services: EvidentServices,
  org: string,
  fingerprint: string,
): Promise<Statement[]> {
  const hex = checkSha256(fingerprint);
  const reports = await services.delivery.artifactReports(org, hex);
  if (reports.length === 0) throw new EvidentError('not_found', `artifact ${hex} not found`);
  // Org logs have the origin `<server origin>/<org>` (DESIGN §3).
  const logOrigin = parseCheckpoint(parseNote(await services.ledger.checkpoint(org)).text).origin;
  const origin = logOrigin.endsWith(`/${org}`) ? logOrigin.slice(0, -org.length - 1) : logOrigin;
  const statements: Statement[] = [];
  for (const artifact of reports) {
    const trail = await services.delivery.trail(org, artifact.flow, artifact.trail);
    const flow = await services.flows.get(org, artifact.flow);
    if (trail === undefined || flow === undefined) continue;
    const attestations = (
      await services.delivery.attestationsOfTrail(org, artifact.flow, artifact.trail)
    ).filter(
      (a) =>
        a.target !== null &&
        (('fingerprint' in a.target && a.target.fingerprint === hex) ||
          ('artifactName' in a.target && a.target.artifactName === artifact.name)),
    );
    const evidence = new Map<string, Uint8Array>();
    for (const a of attestations) {
      if (!READ_EVIDENCE.has(a.type)) continue;
      for (const e of a.evidence) {
        if (!evidence.has(e.sha256))
          evidence.set(e.sha256, await bytesOf((await services.delivery.evidence(org, e.sha256)).body));
      }
    }
    // The VSA lists the attestations it rests on by their ledger entries (the latest of each name is
    // what decides, but digesting every one keeps this simple and the count is small).
    const entryDigests = new Map<number, string>();
    for (const a of attestations) {
      const [entry] = await services.ledger.entries(org, a.index, a.index + 1);
      if (entry?.index !== a.index)
        throw new EvidentError('tampered', `the ledger has no entry ${a.index} for attestation ${a.name}`);
      entryDigests.set(a.index, createHash('sha256').update(entry.entry).digest('hex'));
    }
    const template = trail.template ?? flow.template;
    const policy = {
      uri: templateUriOf(
        origin,
        org,
        artifact.flow,
        trail.template !== null ? { trail: artifact.trail } : { version: flow.templateVersion },
      ),
      sha256: template === null ? null : createHash('sha256').update(canonicalBytes(template)).digest('hex'),
    };
    statements.push(
      ...artifactStatements({ origin, org, artifact, trail, policy, attestations, evidence, entryDigests }),
    );
  }
  return statements;
}
