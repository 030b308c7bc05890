import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseAuditSubject, type AuditSubject } from '../../core/audit/auditSubject.ts';
import { verifyPackage } from '../../core/audit/verifyPackage.ts';
import { EvidentError, isEvidentError, type ErrorCode } from '../../core/errors.ts';
import { parseInstant } from '../../core/model/snapshotRef.ts';
import { untarPackage } from '../audit/untarPackage.ts';
import { emit } from '../output.ts';
import { clientOf } from './readCommands.ts';

type Options = Record<string, unknown>;

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
};

const USAGE =
  'name the subject with --artifact SHA256, or --flow and --trail, or --environment with --from and --until';

/**
 * The subject the flags name, checked in the flags' own terms before the shared parser (whose
 * messages speak of the API's query parameters) checks the values.
 */
function subjectOfFlags(
  flag: (name: string) => string | undefined,
  time: (name: string) => string | undefined,
): AuditSubject {
  const names = ['artifact', 'flow', 'trail', 'environment', 'from', 'until'] as const;
  const given = names.filter((n) => flag(n) !== undefined);
  const flags = (list: readonly string[]) => list.map((n) => `--${n}`).join(', ');
  const extra = (...allowed: string[]) => given.filter((n) => !allowed.includes(n));
  const fail = (message: string): never => {
    throw new EvidentError('bad_request', message);
  };
  if (given.length === 0) fail(USAGE);
  if (given.includes('artifact')) {
    if (extra('artifact').length > 0) fail(`--artifact takes none of ${flags(extra('artifact'))}; ${USAGE}`);
  } else if (given.includes('flow') || given.includes('trail')) {
    if (!given.includes('flow') || !given.includes('trail'))
      fail(`a trail package needs both --flow and --trail; ${USAGE}`);
    if (extra('flow', 'trail').length > 0)
      fail(`--flow and --trail take none of ${flags(extra('flow', 'trail'))}; ${USAGE}`);
  } else if (given.includes('environment')) {
    if (!given.includes('from') || !given.includes('until'))
      fail(`an environment package needs --from and --until with --environment; ${USAGE}`);
  } else fail(`${flags(given)} go${given.length === 1 ? 'es' : ''} with --environment; ${USAGE}`);
  try {
    return parseAuditSubject({
      artifact: flag('artifact'),
      flow: flag('flow'),
      trail: flag('trail'),
      environment: flag('environment'),
      from: time('from'),
      until: time('until'),
    });
  } catch (error) {
    if (!isEvidentError(error, 'bad_request')) throw error;
    // The parser names its inputs as query parameters ("artifact must be …"): name the flags.
    throw new EvidentError(
      'bad_request',
      error.message.replace(/^(artifact|flow|trail|environment|from|until)\b/, '--$1'),
    );
  }
}

/** `evident export audit-package`: downloads a package and writes it, never over a file unless --force. */
export async function exportAuditPackage(options: Options): Promise<void> {
  const { settings, base } = clientOf(options);
  const flag = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
  const now = new Date();
  const time = (name: string) => {
    const value = flag(name);
    return value === undefined ? undefined : parseInstant(value, now);
  };
  const subject = subjectOfFlags(flag, time);
  const query = new URLSearchParams(
    subject.kind === 'artifact'
      ? { artifact: subject.fingerprint }
      : subject.kind === 'trail'
        ? { flow: subject.flow, trail: subject.trail }
        : { environment: subject.name, from: subject.from, until: subject.until },
  );
  const out = flag('out');
  const force = options.force === true;
  let response: Response;
  try {
    response = await fetch(new URL(`${base}/audit-package?${query.toString()}`, settings.host), {
      headers: settings.token === undefined ? {} : { authorization: `Bearer ${settings.token}` },
      signal: AbortSignal.timeout(300_000),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new EvidentError('unavailable', `cannot reach ${settings.host}: ${cause}`);
  }
  if (!response.ok) {
    const text = await response.text();
    let detail = text.slice(0, 300);
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
    } catch {
      // not a problem document: the text itself says what went wrong
    }
    throw new EvidentError(
      STATUS_CODES[response.status] ?? (response.status >= 500 ? 'unavailable' : 'bad_request'),
      `${detail} (HTTP ${response.status})`,
    );
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  // With a key to trust (--vkey, EVIDENT_VKEY, config), what arrived is verified before it is kept.
  if (settings.vkeys.length > 0) {
    const result = verifyPackage(
      await untarPackage(bytes),
      settings.vkeys.map((vkey) => ({ vkey })),
    );
    if (!result.ok)
      throw new EvidentError(
        'tampered',
        `the package the server sent does not verify, so it was not written:\n${[
          ...result.notTrusted.map((f) => `NOT TRUSTED ${f}`),
          ...result.findings.map((f) => `TAMPERED ${f}`),
        ].join('\n')}`,
      );
  }
  const named = /filename="([^"/\\]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const file = out ?? basename(named ?? 'evident-audit-package.tar.gz');
  try {
    writeFileSync(file, bytes, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new EvidentError('conflict', `${file} exists: pass --force to overwrite it, or -o another file`);
    throw new EvidentError('bad_request', `cannot write ${file}: ${(error as Error).message}`);
  }
  const size = Number(response.headers.get('evident-checkpoint-size'));
  emit(settings.output, {
    json: { file, bytes: bytes.length, checkpointSize: size, subject },
    title: `wrote ${file} (${bytes.length} bytes): proofs against checkpoint size ${size}`,
    notes: [
      settings.vkeys.length > 0
        ? 'verified against --vkey: signature, proofs, evidence, verdicts and report'
        : `verify it offline: evident verify package ${file} --vkey KEY`,
    ],
  });
}
