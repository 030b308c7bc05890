// The Kubernetes reporter's reading part: which images run in a cluster, as a ReporterResult. It lists
// pods through the API server with @kubernetes/client-node, loaded only here (`await import`) so that
// the CLI's start-up never pays for it (DESIGN §5 "CLI"); what counts as running is podArtifacts.ts.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig, ObservableMiddleware, V1Pod, V1PodList } from '@kubernetes/client-node';
import { EvidentError, messageOf } from '../../../core/errors.ts';
import type { ReporterResult } from '../reporterResult.ts';
import { podsToResult } from './podArtifacts.ts';

export interface K8sReporterOptions {
  /**
   * A kubeconfig file. Default: the pod's service account when `KUBERNETES_SERVICE_HOST` is set (the
   * reporter runs in the cluster), else the files of `$KUBECONFIG`, else `~/.kube/config`.
   */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig; default its current-context. */
  readonly context?: string;
  /** Only these namespaces (one list call each). Default: all namespaces, in one paginated call. */
  readonly namespaces?: readonly string[];
  readonly excludeNamespaces?: readonly string[];
  /** Namespaces whose whole name matches this JavaScript regular expression (`prod` is not `preprod`). */
  readonly namespaceRegex?: string;
  /** Leave out namespaces whose whole name matches this. Exclusions win over inclusions. */
  readonly excludeNamespaceRegex?: string;
  /** Pods per list request (the API's `limit`), default 500 like kubectl's `--chunk-size`. */
  readonly pageSize?: number;
  /** How long one API request may take, in milliseconds; default 30 000. */
  readonly timeoutMs?: number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Fresh starts of a paginated list after its continue token expired (410 Gone). */
const MAX_LIST_RESTARTS = 2;
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** A namespace name is a DNS-1123 label (Kubernetes "Object Names and IDs"). */
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

type ClientModule = typeof import('@kubernetes/client-node');

/**
 * The images running in the cluster a kubeconfig (or the pod's service account) points at: every pod
 * of the selected namespaces, counted by the rules of podArtifacts.ts. Needs `list` on `pods` (RBAC),
 * cluster-wide without `namespaces`, else in each namespace listed.
 *
 * Errors: `bad_request` for options or a kubeconfig that cannot work (missing file, no or unknown
 * context, invalid regular expression); `unauthorized` when the API server refuses the credentials
 * (401) or the permission (403); `unavailable` when it cannot be reached, times out or fails (5xx).
 */
export async function k8sRunningArtifacts(options: K8sReporterOptions = {}): Promise<ReporterResult> {
  const selection = namespaceSelection(options);
  const pageSize = positiveInteger(options.pageSize, DEFAULT_PAGE_SIZE, 'pageSize');
  const timeoutMs = positiveInteger(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const k8s = await import('@kubernetes/client-node');
  const target = loadKubeConfig(k8s, options);
  const api = target.config.makeApiClient(k8s.CoreV1Api);
  // A client-side deadline per request: the generated client sets none, and an API server behind a
  // black-holing firewall would otherwise hold a CronJob run until the Job's own deadline.
  const deadline: ObservableMiddleware = {
    pre: (request) => {
      request.setSignal(AbortSignal.timeout(timeoutMs));
      return new k8s.Observable(Promise.resolve(request));
    },
    post: (response) => new k8s.Observable(Promise.resolve(response)),
  };
  const call = { middleware: [deadline], middlewareMergeStrategy: 'append' as const };

  const pods: V1Pod[] = [];
  try {
    if (selection.namespaces === undefined) {
      const all = await listPaginated((_continue) =>
        api.listPodForAllNamespaces({ limit: pageSize, _continue }, call),
      );
      pods.push(...all.filter((pod) => selection.accepts(pod.metadata?.namespace ?? '')));
    } else {
      for (const namespace of selection.namespaces) {
        pods.push(
          ...(await listPaginated((_continue) =>
            api.listNamespacedPod({ namespace, limit: pageSize, _continue }, call),
          )),
        );
      }
    }
  } catch (error) {
    throw apiError(k8s, error, target, selection.namespaces, timeoutMs);
  }
  return podsToResult(pods);
}

interface NamespaceSelection {
  /** The namespaces to list one by one, or undefined for all (filtered by `accepts`). */
  readonly namespaces: readonly string[] | undefined;
  readonly accepts: (namespace: string) => boolean;
}

function namespaceSelection(options: K8sReporterOptions): NamespaceSelection {
  const names = (list: readonly string[] | undefined, option: string): string[] | undefined => {
    if (list === undefined) return undefined;
    for (const name of list) {
      if (!DNS_LABEL.test(name)) {
        throw new EvidentError(
          'bad_request',
          `${option}: "${name}" is not a namespace name (a DNS-1123 label: at most 63 lowercase letters, digits and "-")`,
        );
      }
    }
    return [...new Set(list)];
  };
  const include = names(options.namespaces, 'namespaces');
  const exclude = new Set(names(options.excludeNamespaces, 'excludeNamespaces'));
  const includeRegex = wholeNameRegex(options.namespaceRegex, 'namespaceRegex');
  const excludeRegex = wholeNameRegex(options.excludeNamespaceRegex, 'excludeNamespaceRegex');
  const accepts = (namespace: string): boolean =>
    (include === undefined || include.includes(namespace)) &&
    (includeRegex === undefined || includeRegex.test(namespace)) &&
    !exclude.has(namespace) &&
    !(excludeRegex?.test(namespace) ?? false);
  if (include?.length === 0) {
    throw new EvidentError(
      'bad_request',
      'namespaces: the list is empty; leave it out to read all namespaces',
    );
  }
  return { namespaces: include?.filter(accepts), accepts };
}

/** A pattern anchored at both ends, so that it selects namespaces by their whole name. */
function wholeNameRegex(source: string | undefined, option: string): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    throw new EvidentError(
      'bad_request',
      `${option}: "${source}" is not a valid regular expression: ${messageOf(error)}`,
    );
  }
}

function positiveInteger(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new EvidentError('bad_request', `${option} must be a positive integer, not ${String(value)}`);
  }
  return value;
}

interface Target {
  readonly config: KubeConfig;
  /** Where the configuration came from, for messages: a path, "$KUBECONFIG (…)", "in-cluster …". */
  readonly source: string;
  readonly context: string;
  readonly server: string;
}

/**
 * The kubeconfig to use, in kubectl's order of precedence (kubectl "Organizing Cluster Access Using
 * kubeconfig Files"): an explicit file, else in a pod the service account, else $KUBECONFIG, else
 * ~/.kube/config. KubeConfig.loadFromDefault is not used for the last two: with nothing found it
 * quietly falls back to http://localhost:8080, and it fails on a missing file that kubectl ignores.
 */
function loadKubeConfig(k8s: ClientModule, options: K8sReporterOptions): Target {
  const load = (file: string): KubeConfig => {
    const loaded = new k8s.KubeConfig();
    try {
      loaded.loadFromFile(file);
    } catch (error) {
      throw new EvidentError('bad_request', `cannot read kubeconfig ${file}: ${messageOf(error)}`);
    }
    return loaded;
  };
  let config: KubeConfig;
  let source: string;
  const kubeconfigEnv = (process.env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (options.kubeconfig !== undefined) {
    source = options.kubeconfig;
    if (!existsSync(source)) throw new EvidentError('bad_request', `kubeconfig ${source} does not exist`);
    config = load(source);
  } else if ((process.env.KUBERNETES_SERVICE_HOST ?? '') !== '') {
    source = `the service account of this pod (${SERVICE_ACCOUNT_DIR})`;
    for (const file of ['token', 'ca.crt']) {
      if (!existsSync(join(SERVICE_ACCOUNT_DIR, file))) {
        throw new EvidentError(
          'bad_request',
          `KUBERNETES_SERVICE_HOST is set but ${SERVICE_ACCOUNT_DIR}/${file} does not exist: mount the ` +
            'service account token (automountServiceAccountToken: true), or pass a kubeconfig',
        );
      }
    }
    config = new k8s.KubeConfig();
    config.loadFromCluster();
  } else if (kubeconfigEnv.length > 0) {
    // As kubectl does: files that do not exist are skipped, and the first file to set a context wins.
    source = `$KUBECONFIG (${kubeconfigEnv.join(delimiter)})`;
    const files = kubeconfigEnv.filter((file) => existsSync(file));
    const [first, ...rest] = files;
    if (first === undefined) throw new EvidentError('bad_request', `none of the files of ${source} exists`);
    config = load(first);
    for (const file of rest) {
      const next = load(file);
      // Typed string, but undefined when no file so far set a current-context.
      const current = config.getCurrentContext() as string | undefined;
      try {
        config.mergeConfig(next, current !== undefined && current !== '');
      } catch (error) {
        throw new EvidentError('bad_request', `cannot merge kubeconfig ${file}: ${messageOf(error)}`);
      }
    }
  } else {
    source = join(homedir(), '.kube', 'config');
    if (!existsSync(source)) {
      throw new EvidentError(
        'bad_request',
        `no kubeconfig: ${source} does not exist and neither KUBECONFIG nor KUBERNETES_SERVICE_HOST is ` +
          'set; pass a kubeconfig file or run the reporter in the cluster',
      );
    }
    config = load(source);
  }

  const known = config.getContexts().map((context) => context.name);
  const choices = known.length === 0 ? 'it defines no contexts at all' : `it defines ${known.join(', ')}`;
  if (options.context !== undefined) {
    if (config.getContextObject(options.context) === null) {
      throw new EvidentError(
        'bad_request',
        `kubeconfig ${source} has no context "${options.context}": ${choices}`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const context = config.getCurrentContext();
  if (typeof context !== 'string' || context === '') {
    throw new EvidentError(
      'bad_request',
      `kubeconfig ${source} has no current-context: name one with the context option (${choices})`,
    );
  }
  const contextObject = config.getContextObject(context);
  if (contextObject === null) {
    throw new EvidentError(
      'bad_request',
      `kubeconfig ${source}: current-context "${context}" is not defined (${choices})`,
    );
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null || cluster.server === '') {
    throw new EvidentError(
      'bad_request',
      `kubeconfig ${source}: context "${context}" names cluster "${contextObject.cluster}", which is not defined or has no server`,
    );
  }
  // @kubernetes/client-node 1.x refuses plain http unless TLS verification is explicitly switched off
  // (KubeConfig.createAgent); say so now rather than let the first request fail obscurely.
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new EvidentError(
      'bad_request',
      `kubeconfig ${source}: cluster "${cluster.name}" is served over plain http (${cluster.server}); ` +
        'the Kubernetes client only allows that with insecure-skip-tls-verify: true',
    );
  }
  return { config, source, context, server: cluster.server };
}

/**
 * Every item of a list, page by page (Kubernetes API concepts, "Retrieving large results sets in
 * chunks"): `limit` per request, and `continue` with the token of the previous page until a page comes
 * without one. The pages are one consistent snapshot. A token expires (by default after 5 minutes):
 * the server then answers 410 Gone, and the list restarts from the beginning, since mixing pages of
 * two snapshots could count a pod twice or miss one.
 */
async function listPaginated(page: (token: string | undefined) => Promise<V1PodList>): Promise<V1Pod[]> {
  for (let restarts = 0; ; restarts++) {
    const items: V1Pod[] = [];
    let token: string | undefined;
    try {
      do {
        const list = await page(token);
        items.push(...list.items);
        const next = list.metadata?._continue;
        if (next !== undefined && next !== '' && next === token) {
          throw new EvidentError('unavailable', 'the API server answered the same continue token twice');
        }
        token = next === '' ? undefined : next;
      } while (token !== undefined);
      return items;
    } catch (error) {
      const expired = token !== undefined && (error as { code?: unknown }).code === 410;
      if (!expired || restarts >= MAX_LIST_RESTARTS) throw error;
    }
  }
}

/** The `message` of a Kubernetes Status object in an error body, if there is one. */
function statusMessage(body: unknown): string | undefined {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : body.trim().slice(0, 300);
    }
  }
  if (typeof value === 'object' && value !== null && 'message' in value) {
    const message = value.message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return undefined;
}

/** An error of the API client as an EvidentError naming the server, the context and what is missing. */
function apiError(
  k8s: ClientModule,
  error: unknown,
  target: Target,
  namespaces: readonly string[] | undefined,
  timeoutMs: number,
): EvidentError {
  if (error instanceof EvidentError) return error;
  const server = `the Kubernetes API server ${target.server} (context "${target.context}" of ${target.source})`;
  if (error instanceof k8s.ApiException) {
    const status = error.code;
    const said = statusMessage(error.body);
    const detail = said === undefined ? '' : `: ${said}`;
    const scope =
      namespaces === undefined
        ? 'cluster-wide'
        : `in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}`;
    const grant =
      namespaces === undefined
        ? "a ClusterRole granting get and list on pods, bound to the reporter's identity by a " +
          'ClusterRoleBinding, as in deploy/k8s/evident-reporter.yaml'
        : "a Role (or ClusterRole) granting get and list on pods, bound to the reporter's identity by a " +
          'RoleBinding in each namespace';
    const needs = `RBAC permission to list pods (verb "list" on resource "pods", API group "") ${scope}: ${grant}`;
    if (status === 401) {
      return new EvidentError(
        'unauthorized',
        `${server} rejected the credentials (401 Unauthorized)${detail}: the token or client certificate ` +
          `is missing, expired or unknown; the reporter needs a valid identity with ${needs}`,
      );
    }
    if (status === 403) {
      return new EvidentError(
        'unauthorized',
        `${server} refused to list pods (403 Forbidden)${detail}; the identity lacks ${needs}`,
      );
    }
    if (status === 404) return new EvidentError('not_found', `${server} has no pods API (404)${detail}`);
    if (status === 400 || status === 422) {
      return new EvidentError('bad_request', `${server} rejected the pod list request (${status})${detail}`);
    }
    return new EvidentError('unavailable', `${server} answered ${status} to the pod list request${detail}`);
  }
  if (error instanceof k8s.AbortError) {
    return new EvidentError('unavailable', `${server} did not answer within ${timeoutMs} ms`);
  }
  if (error instanceof k8s.FetchError) {
    return new EvidentError('unavailable', `cannot reach ${server}: ${error.message}`);
  }
  // Not an HTTP exchange: a file the kubeconfig names (certificate, key, token file) or a credential
  // plugin (exec, OIDC) failed before the request was sent.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new EvidentError(
      'bad_request',
      `a file named by ${target.source} cannot be read: ${messageOf(error)}`,
    );
  }
  return new EvidentError('unauthorized', `cannot obtain credentials for ${server}: ${messageOf(error)}`);
}
