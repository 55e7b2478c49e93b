/**
 * TEST TOOLING for `npm run prove`: no webhook can run in the test cluster (no container runs; a webhook's
 * service has no endpoint). A chart that registers a validating or mutating webhook with
 * `failurePolicy: Fail` (cert-manager, External Secrets) would make every later object of its kinds
 * fail to apply, so no stack after it could be proven. While a stack applies, this relaxer sets each
 * webhook's failurePolicy to Ignore as soon as its configuration appears: the objects still get the API
 * server's own admission (CRD schema with CEL, Pod Security), only the webhook's own checks and defaults are
 * skipped, and prove's notes name every webhook relaxed. Nothing in the product uses this file.
 */

type Kubectl = (args: string[], input?: string) => Promise<{ code: number; stdout: string; stderr: string }>;

const KINDS = ["validatingwebhookconfigurations.admissionregistration.k8s.io", "mutatingwebhookconfigurations.admissionregistration.k8s.io"] as const;

interface WebhookConfiguration {
  metadata: { name: string };
  webhooks?: { name: string; failurePolicy?: string }[];
}

/** A JSON patch setting failurePolicy Ignore on every webhook that would fail closed; empty when none does. */
export function relaxPatch(config: WebhookConfiguration): { op: "replace" | "add"; path: string; value: "Ignore" }[] {
  return (config.webhooks ?? []).flatMap((w, i) =>
    (w.failurePolicy ?? "Fail") === "Fail" ? [{ op: w.failurePolicy ? ("replace" as const) : ("add" as const), path: `/webhooks/${i}/failurePolicy`, value: "Ignore" as const }] : [],
  );
}

export class WebhookRelaxer {
  /** `kind/name: webhook, ...` of everything relaxed. */
  readonly relaxed: string[] = [];
  constructor(private readonly kubectl: Kubectl) {}

  async once(): Promise<void> {
    for (const kind of KINDS) {
      const r = await this.kubectl(["get", kind, "-o", "json"]);
      if (r.code !== 0) continue;
      for (const config of (JSON.parse(r.stdout).items ?? []) as WebhookConfiguration[]) {
        const patch = relaxPatch(config);
        if (patch.length === 0) continue;
        const done = await this.kubectl(["patch", kind, config.metadata.name, "--type=json", "-p", JSON.stringify(patch)]);
        if (done.code === 0) this.relaxed.push(`${kind.split(".")[0]}/${config.metadata.name}: ${patch.map((p) => config.webhooks![Number(p.path.split("/")[2])].name).join(", ")}`);
      }
    }
  }
}
