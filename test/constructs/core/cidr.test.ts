import { cidrSubnet, cidrsOverlap, isPrivateCidr, isValidCidr } from "../../../constructs/core/cidr";

describe("cidr helpers", () => {
  it("accepts canonical CIDRs and rejects host bits, bad octets and prefixes", () => {
    expect(isValidCidr("10.0.0.0/16")).toBe(true);
    expect(isValidCidr("10.0.0.1/16")).toBe(false);
    expect(isValidCidr("10.0.256.0/24")).toBe(false);
    expect(isValidCidr("10.0.0.0/33")).toBe(false);
  });

  it("detects overlap in both directions and adjacency as disjoint", () => {
    expect(cidrsOverlap("10.0.0.0/16", "10.0.128.0/17")).toBe(true);
    expect(cidrsOverlap("10.0.128.0/17", "10.0.0.0/16")).toBe(true);
    expect(cidrsOverlap("10.0.0.0/17", "10.0.128.0/17")).toBe(false);
  });

  it("tells private ranges from public ones", () => {
    expect(isPrivateCidr("192.168.64.0/20")).toBe(true);
    expect(isPrivateCidr("100.64.0.0/16")).toBe(true);
    expect(isPrivateCidr("203.0.113.0/24")).toBe(false);
    expect(isPrivateCidr("10.0.0.0/7")).toBe(false);
  });

  it("computes subnets like terraform's cidrsubnet", () => {
    expect(cidrSubnet("10.0.0.0/16", 3, 2)).toBe("10.0.64.0/19");
    expect(cidrSubnet("10.0.0.0/16", 5, 16)).toBe("10.0.128.0/21");
  });

  it("fails when the subnet does not fit", () => {
    expect(() => cidrSubnet("10.0.0.0/16", 2, 4)).toThrow("cidrSubnet: subnet 4 of /18 does not fit in 10.0.0.0/16");
  });
});
