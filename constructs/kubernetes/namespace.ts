import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "constructs";

export interface NamespaceProps {
  readonly name: string;
  /**
   * Pod Security Admission level enforced in the namespace.
   * @default "restricted"
   */
  readonly podSecurity?: "restricted" | "baseline" | "privileged";
  /**
   * Label the namespace for Istio sidecar injection.
   * @default false
   */
  readonly meshInjection?: boolean;
  /** Labels added to the standard ones. */
  readonly labels?: Readonly<Record<string, string>>;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A namespace with Pod Security Admission enforced (restricted unless a component needs more, which its
 * caller states explicitly) and the platform's standard labels.
 */
export class Namespace extends Construct {
  readonly namespace: NamespaceV1;
  /** The namespace's name, as a reference, so dependents wait for it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    if (!NAME.test(props.name)) throw new Error(`Namespace: name "${props.name}" is not a DNS-1123 label`);
    const level = props.podSecurity ?? "restricted";
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          "app.kubernetes.io/managed-by": "orderbook-platform",
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/warn": "restricted",
          ...(props.meshInjection ? { "istio-injection": "enabled" } : {}),
          ...props.labels,
        },
      },
    });
    this.name = this.namespace.metadata.name;
  }
}
