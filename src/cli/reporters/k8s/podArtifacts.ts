// From pods, as the Kubernetes API returns them, to what runs: pure, no I/O, so that the counting
// rules below are tested on their own. The types are imported for type checking only (erased), so
// this module does not load @kubernetes/client-node either.
//
// Counting rules (Kubernetes API reference, "Pod v1 core": PodStatus, ContainerStatus, ContainerState;
// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/):
//
// 1. Pods in phase Succeeded or Failed are ignored, and not listed as skipped: all their containers
//    "have terminated" and none will be restarted (pod-lifecycle, "Pod phase") — a finished Job's pod
//    ran, it does not run, and clusters keep many of them.
//    Every other phase counts container by container (Unknown included: the node stopped reporting,
//    and its last report is the best knowledge of what runs there).
// 2. Every container of the pod is looked at: `spec.containers`, `spec.initContainers` (regular init
//    containers and native sidecars, i.e. init containers with `restartPolicy: Always`, which "remain
//    running after Pod startup": concepts/workloads/pods/sidecar-containers/) and
//    `spec.ephemeralContainers` (`kubectl debug`: arbitrary code in a running pod, which a compliance
//    record must not hide: concepts/workloads/pods/ephemeral-containers/). Each is paired with its
//    status (`initContainerStatuses`, `containerStatuses`, `ephemeralContainerStatuses`) by name.
// 3. A container counts as one running instance when its `state.running` is set, or when it is
//    `state.waiting` with a `lastState.terminated`: it has run and the kubelet will start it again
//    (CrashLoopBackOff between restarts, a failed init container waiting for its retry). It is the
//    deployed image, executing again and again; leaving it out would make the snapshot change each
//    time the container comes up and goes down again.
//    A container whose `state.terminated` is set does not count: a completed init container (or an
//    exited container of a pod with restartPolicy Never/OnFailure) ran, it is not running.
// 4. Its fingerprint is the registry digest in `status.imageID` (below, `imageDigestOf`): the image
//    manifest (or image index) digest, the same digest CI reports for the image it pushed. A bare
//    image ID (the digest of the image's config) is not that digest: such containers are skipped.
// 5. It is named by the image as the pod spec gives it (`spec.containers[].image`), not by
//    `status.image`: the API says the status image "may not match the image used in the PodSpec, as it
//    may have been resolved by the runtime" — containerd reports `docker.io/library/nginx:latest` for
//    `nginx`, and with several tags on one image ID a runtime may report any of them. The spec is what
//    was deployed, the same on every runtime. (The status image is used only if the spec has none.)
// 6. A container of a live pod that neither counts nor has terminated — not scheduled yet, pulling its
//    image, ImagePullBackOff, waiting for init containers — is listed in `skipped`, with the reason.
// Instances of one name and digest are summed across pods by `mergeRunning`.
import type { V1Container, V1ContainerStatus, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';

/** What a container status's `imageID` says about the image. */
export type ImageDigest =
  /** A registry (manifest) digest: Evident's fingerprint, 64 lowercase hex digits. */
  | { readonly kind: 'registry'; readonly sha256: string }
  /** Only the local image ID, `sha256:<config digest>`. */
  | { readonly kind: 'image-id'; readonly id: string }
  /** Empty: the runtime has no image for the container yet. */
  | { readonly kind: 'none' }
  | { readonly kind: 'unrecognised'; readonly text: string };

const SHA256 = /^sha256:([0-9a-f]{64})$/;

/**
 * Reads `status.containerStatuses[].imageID` in the forms container runtimes report:
 *
 * - `docker.io/library/nginx@sha256:…` — containerd and CRI-O: the image's repo digest, i.e. the
 *   digest of the manifest or index the image was pulled by;
 * - `docker-pullable://nginx@sha256:…` — Docker (dockershim, cri-dockerd) for an image with a repo
 *   digest, the prefix saying it can be pulled by that digest (kubernetes/kubernetes#31621);
 * - `sha256:…` — containerd for an image with no repo digest (imported with `ctr images import`,
 *   `kind load`, built on the node), and `docker://sha256:…` — Docker for a locally built image. That
 *   is the image ID, the SHA-256 of the image's config JSON (OCI image-spec config.md "ImageID"), not
 *   of a manifest: no registry serves a manifest by it, and CI's fingerprint (the manifest digest,
 *   see src/fingerprint/ociDigest.ts) is never equal to it — so it is not taken as a fingerprint.
 * - `""` — the container has not been created yet (pulling, ImagePullBackOff, PodInitializing).
 *
 * `parseImageReference` (src/fingerprint/registryDigest.ts) is not used: it requires a registry host,
 * which Docker's short names (`docker-pullable://busybox@sha256:…`) leave out; only the digest matters.
 */
export function imageDigestOf(imageID: string): ImageDigest {
  const text = imageID.trim();
  if (text === '') return { kind: 'none' };
  const bare = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  if (SHA256.test(bare)) return { kind: 'image-id', id: bare };
  const at = bare.lastIndexOf('@');
  const digest = at > 0 ? SHA256.exec(bare.slice(at + 1)) : null;
  const hex = digest?.[1];
  return hex === undefined ? { kind: 'unrecognised', text } : { kind: 'registry', sha256: hex };
}

interface Slot {
  /** "container api", "init container migrate", "ephemeral container debugger-x7k2". */
  readonly label: string;
  readonly image: string;
  readonly status: V1ContainerStatus | undefined;
}

/** The containers of a pod, each with its status, in spec order (init, app, ephemeral). */
function slotsOf(pod: V1Pod): Slot[] {
  const pair = (
    kind: string,
    specs: readonly (V1Container | V1EphemeralContainer)[] | undefined,
    statuses: readonly V1ContainerStatus[] | undefined,
  ): Slot[] => {
    const byName = new Map((statuses ?? []).map((status) => [status.name, status]));
    const slots: Slot[] = (specs ?? []).map((spec) => {
      const status = byName.get(spec.name);
      byName.delete(spec.name);
      return { label: `${kind} ${spec.name}`, image: spec.image ?? status?.image ?? '', status };
    });
    // A status with no spec (not seen in practice): still a container that may run, named by its status.
    for (const status of byName.values()) {
      slots.push({ label: `${kind} ${status.name}`, image: status.image, status });
    }
    return slots;
  };
  return [
    ...pair('init container', pod.spec?.initContainers, pod.status?.initContainerStatuses),
    ...pair('container', pod.spec?.containers, pod.status?.containerStatuses),
    ...pair('ephemeral container', pod.spec?.ephemeralContainers, pod.status?.ephemeralContainerStatuses),
  ];
}

/** Rule 3: running, or between two runs of a restart loop. */
function runs(status: V1ContainerStatus): boolean {
  const state = status.state;
  if (state?.running !== undefined) return true;
  return state?.waiting !== undefined && status.lastState?.terminated !== undefined;
}

/** "Reason (message)", whitespace squeezed and the message cut short: kubelet messages can be long. */
function reasonText(reason: string | undefined, message: string | undefined): string {
  const squeezed = (message ?? '').replace(/\s+/g, ' ').trim();
  const short = squeezed.length > 160 ? `${squeezed.slice(0, 157)}...` : squeezed;
  const head = reason ?? '';
  if (head === '') return short;
  return short === '' ? head : `${head} (${short})`;
}

/** Why a container of a live pod has no digest or does not run yet (rule 6). */
function pendingReason(pod: V1Pod, status: V1ContainerStatus | undefined): string {
  const waiting = status?.state?.waiting;
  if (waiting !== undefined) return reasonText(waiting.reason, waiting.message) || 'waiting';
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    return `pod not scheduled: ${reasonText(scheduled.reason, scheduled.message) || 'no node yet'}`;
  }
  if (status === undefined) return `no container status yet (pod ${pod.status?.phase ?? 'phase unknown'})`;
  return 'no container state reported';
}

/** The running artifacts of the given pods, and the containers left out and why. */
export function podsToResult(pods: readonly V1Pod[]): ReporterResult {
  const running: RunningArtifact[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue; // rule 1
    const podName = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    for (const slot of slotsOf(pod)) {
      const where = `pod ${podName} (${slot.label})`;
      const status = slot.status;
      if (status?.state?.terminated !== undefined) continue; // rule 3: ran, done
      const digest = imageDigestOf(status?.imageID ?? '');
      if (status === undefined || !runs(status)) {
        const verb = digest.kind === 'none' ? 'has no image digest yet' : 'is not running yet';
        skipped.push({ name: slot.image, reason: `${where} ${verb}: ${pendingReason(pod, status)}` });
        continue;
      }
      switch (digest.kind) {
        case 'registry':
          running.push({ name: slot.image, fingerprint: digest.sha256, instances: 1 });
          break;
        case 'image-id':
          skipped.push({
            name: slot.image,
            reason:
              `${where} runs a local image known only by its image ID ${digest.id} (the digest of its ` +
              'config, not of a registry manifest, so it cannot match the fingerprint CI reports): ' +
              'push the image to a registry and deploy it from there',
          });
          break;
        case 'none':
          skipped.push({ name: slot.image, reason: `${where} is running but reports no image digest` });
          break;
        case 'unrecognised':
          skipped.push({
            name: slot.image,
            reason: `${where} reports imageID "${digest.text}", which holds no sha256 registry digest`,
          });
          break;
      }
    }
  }
  skipped.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.reason.localeCompare(b.reason, 'en'));
  return { artifacts: mergeRunning(running), skipped };
}
