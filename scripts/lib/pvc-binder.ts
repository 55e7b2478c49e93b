/**
 * TEST TOOLING for `npm run prove`: the test control plane has no volume provisioner (no kubelet, no CSI
 * driver, no k3d local-path), so a PersistentVolumeClaim stays Pending, its pod never schedules and a
 * `helm_release` that waits for its StatefulSet times out. While a stack applies, this binder watches for
 * Pending claims and creates, for each, a PersistentVolume pre-bound to it (`claimRef`) with the claim's
 * class, size, access modes and volume mode. The volume is a hostPath nobody mounts (no container runs).
 * The PersistentVolume controller then binds them as it would a provisioned volume; the scheduler places
 * the pod. Nothing in the product uses this file.
 *
 * What it cannot show: whether the cloud's (or k3d's) provisioner would create the volume for that class.
 */

/** Label on every volume the binder creates, so they can be found and removed. */
export const BINDER_LABEL = "orderbook.dev/prove-pvc-binder";

type Kubectl = (args: string[], stdin?: string) => Promise<{ code: number; stdout: string; stderr: string }>;

interface Claim {
  metadata: { name: string; namespace: string; uid: string };
  spec: { storageClassName?: string; accessModes?: string[]; volumeMode?: string; volumeName?: string; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string };
}

/** The PersistentVolume that satisfies one Pending claim (pure, for the tests). */
export function volumeFor(claim: Claim): Record<string, unknown> {
  const { namespace, name, uid } = claim.metadata;
  // PV names are DNS subdomains (max 253); the claim uid keeps them unique across re-creations.
  const pvName = `prove-${uid}`;
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: pvName, labels: { [BINDER_LABEL]: "true" }, annotations: { "orderbook.dev/prove-claim": `${namespace}/${name}` } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? "1Gi" },
      accessModes: claim.spec.accessModes?.length ? claim.spec.accessModes : ["ReadWriteOnce"],
      volumeMode: claim.spec.volumeMode ?? "Filesystem",
      storageClassName: claim.spec.storageClassName ?? "",
      persistentVolumeReclaimPolicy: "Retain",
      hostPath: { path: `/nonexistent/orderbook-prove/${pvName}` },
      claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name, uid },
    },
  };
}

/** Claims that wait for a volume nobody will provision. */
export function unboundClaims(list: { items?: Claim[] }): Claim[] {
  return (list.items ?? []).filter((c) => (c.status?.phase ?? "Pending") === "Pending" && !c.spec.volumeName);
}

/** Polls for Pending claims and pre-binds a volume to each, until stopped. */
export class PvcBinder {
  private timer?: NodeJS.Timeout;
  private readonly done = new Set<string>();
  private running?: Promise<void>;
  /** `namespace/name` of every claim a volume was created for. */
  readonly bound: string[] = [];
  readonly errors: string[] = [];

  /** `also` runs on every poll too (prove passes the webhook relaxer). */
  constructor(private readonly kubectl: Kubectl, private readonly intervalMs = 2000, private readonly also?: () => Promise<void>) {}

  start(): void {
    const tick = () => {
      this.running = Promise.all([this.once(), this.also?.()]).then(() => undefined).finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async once(): Promise<void> {
    const r = await this.kubectl(["get", "persistentvolumeclaims", "--all-namespaces", "-o", "json"]);
    if (r.code !== 0) return;
    for (const claim of unboundClaims(JSON.parse(r.stdout))) {
      if (this.done.has(claim.metadata.uid)) continue;
      const created = await this.kubectl(["create", "-f", "-"], JSON.stringify(volumeFor(claim)));
      const id = `${claim.metadata.namespace}/${claim.metadata.name}`;
      if (created.code === 0 || /already exists/.test(created.stderr)) {
        this.done.add(claim.metadata.uid);
        this.bound.push(id);
      } else {
        this.errors.push(`persistentvolumeclaim ${id}: ${created.stderr.trim()}`);
        this.done.add(claim.metadata.uid);
      }
    }
  }

  /** Deletes every volume the binder created (their claims are gone with their namespaces). */
  async cleanup(): Promise<void> {
    await this.kubectl(["delete", "persistentvolumes", "-l", `${BINDER_LABEL}=true`, "--wait=false", "--ignore-not-found"]);
  }
}
