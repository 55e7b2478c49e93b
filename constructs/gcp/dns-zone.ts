import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsManagedZoneIamMember } from "@cdktf/provider-google/lib/dns-managed-zone-iam-member";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface DnsZoneProps {
  readonly naming: Naming;
  readonly projectId: string;
  /** The environment's domain, without the trailing dot. */
  readonly domain: string;
  /** Members (`serviceAccount:...`) that manage records in this zone only (ExternalDNS, cert-manager DNS01). */
  readonly recordAdmins: readonly string[];
}

/** A public Cloud DNS zone for the environment's domain, DNSSEC-signed. */
export class DnsZone extends Construct {
  readonly zone: DnsManagedZone;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    this.zone = new DnsManagedZone(this, "zone", {
      project: props.projectId,
      name: props.naming.name(["zone"]),
      dnsName: `${props.domain}.`,
      description: `Public zone of ${props.domain}`,
      visibility: "public",
      // Signed answers: a spoofed record for the exchange's API must not validate.
      dnssecConfig: { state: "on" },
    });
    props.recordAdmins.forEach(
      (member, i) =>
        new DnsManagedZoneIamMember(this, `record-admin-${i}`, {
          project: props.projectId,
          managedZone: this.zone.name,
          role: "roles/dns.admin",
          member,
        }),
    );
  }
}
