import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import type { NetworkAccess } from "./addon";

export interface NamespaceNetworkPoliciesProps {
  /** The namespace (a reference, so the policies wait for it). */
  readonly namespace: string;
  readonly access: NetworkAccess;
}

const byName = (names: readonly string[]) => ({
  matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...names] }],
});
const tcp = (ports: readonly number[]) => ports.map((port) => ({ port: String(port), protocol: "TCP" }));

/**
 * Default-deny for one namespace, then the allowed paths: DNS to kube-system (always), traffic inside the
 * namespace, and what the add-on declares. The API server and cloud endpoints have no stable in-cluster
 * address at plan time, so egress to them is by port to any address.
 */
export class NamespaceNetworkPolicies extends Construct {
  readonly defaultDeny: NetworkPolicyV1;
  readonly allow: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const a = props.access;
    this.defaultDeny = new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: "default-deny", namespace: props.namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });

    const ingress = [
      { from: [{ podSelector: {} }] },
      ...(a.ingressFromNamespaces?.length ? [{ from: [{ namespaceSelector: byName(a.ingressFromNamespaces) }] }] : []),
      ...(a.ingressPorts?.length ? [{ ports: tcp(a.ingressPorts) }] : []),
    ];
    const egress = [
      {
        to: [{ namespaceSelector: byName(["kube-system"]) }],
        ports: [
          { port: "53", protocol: "UDP" },
          { port: "53", protocol: "TCP" },
        ],
      },
      { to: [{ podSelector: {} }] },
      ...(a.egressToNamespaces?.length ? [{ to: [{ namespaceSelector: byName(a.egressToNamespaces) }] }] : []),
      ...(a.egressApiServer ? [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp([443, 6443]) }] : []),
      ...(a.egressPorts?.length ? [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(a.egressPorts) }] : []),
      ...(a.egressInternet ? [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp([80, 443]) }] : []),
    ];
    this.allow = new NetworkPolicyV1(this, "allow", {
      metadata: { name: "allow-declared", namespace: props.namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress, egress },
    });
  }
}
