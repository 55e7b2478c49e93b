import { isToken, type PolicyRule } from "../rule";

/** OBP-HELM-001: every Helm release pins an exact chart version. */
export const chartVersionPinned: PolicyRule = {
  id: "OBP-HELM-001",
  resourceTypes: ["helm_release"],
  check(a) {
    const v = a.version;
    if (isToken(v)) return undefined;
    if (typeof v !== "string" || !/^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/.test(v)) {
      return `helm_release "${String(a.name)}" must pin an exact chart version (got ${JSON.stringify(v)}), so a re-plan never upgrades a chart silently`;
    }
    return undefined;
  },
};
