import { type PolicyRule } from "../rule";

/** OBP-NET-001: no security group rule admits the whole internet. */
export const noOpenIngress: PolicyRule = {
  id: "OBP-NET-001",
  resourceTypes: ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(a, type) {
    if (type === "aws_security_group_rule" && a.type !== "ingress") return undefined;
    const cidrs = [a.cidr_ipv4, ...(Array.isArray(a.cidr_blocks) ? a.cidr_blocks : [])];
    const ipv6 = [a.cidr_ipv6, ...(Array.isArray(a.ipv6_cidr_blocks) ? a.ipv6_cidr_blocks : [])];
    if (cidrs.includes("0.0.0.0/0") || ipv6.includes("::/0")) {
      return "ingress from 0.0.0.0/0 or ::/0 is not allowed; public traffic enters only through the gateway's load balancer";
    }
    return undefined;
  },
};
