import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsManagedZoneIamMember } from "@cdktf/provider-google/lib/dns-managed-zone-iam-member";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface DnsZoneProps {
  readonly naming: Naming;
  readonly projectId: string;
  /** The environment's domain, without the trailing dot. */
  readonly domain: string;
  /** Members (`serviceAccount:...`) that manage records in this zone only (ExternalDNS, cert-manager DNS01). */
  readonly recordAdmins: readonly string[];
  /**
   * Members that find the zone by listing the project's zones (ExternalDNS always lists them). They get
   * a custom project role holding only `dns.managedZones.list`: names, not records.
   * @default - none
   */
  readonly zoneListers?: readonly string[];
}

/** A public Cloud DNS zone for the environment's domain, DNSSEC-signed. */
export class DnsZone extends Construct {
  readonly zone: DnsManagedZone;
  /** The list-only role, when there are zone listers. */
  readonly listRole?: ProjectIamCustomRole;

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
    const listers = props.zoneListers ?? [];
    if (listers.length > 0) {
      this.listRole = new ProjectIamCustomRole(this, "zone-lister", {
        project: props.projectId,
        roleId: props.naming.name(["dns", "zone", "lister"]).replace(/-/g, "_"),
        title: `List Cloud DNS zones (${props.naming.prefix})`,
        description: "Only dns.managedZones.list, so ExternalDNS can find its zone; records are granted per zone",
        permissions: ["dns.managedZones.list"],
      });
      listers.forEach(
        (member, i) =>
          new ProjectIamMember(this, `zone-lister-${i}`, { project: props.projectId, role: this.listRole!.name, member }),
      );
    }
  }
}
