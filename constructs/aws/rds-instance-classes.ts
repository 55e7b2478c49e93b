/**
 * RDS for PostgreSQL instance classes: `db.<family>.<size>`. Families and sizes as RDS offers them for
 * PostgreSQL 13 to 17 ("Supported DB engines for DB instance classes"); burstable families stop at 2xlarge.
 */
const FAMILIES = [
  "t3", "t4g", "m5", "m5d", "m6g", "m6gd", "m6i", "m6id", "m6idn", "m6in", "m7g", "m7i", "m8g",
  "r5", "r5b", "r5d", "r6g", "r6gd", "r6i", "r6id", "r6idn", "r6in", "r7g", "r7i", "r8g", "x2g", "x2idn", "x2iedn",
];
const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"];
const BURSTABLE_SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];

/** PostgreSQL majors RDS offers that the aws target accepts, and the parameter group family of each. */
export const RDS_POSTGRES_VERSIONS: Readonly<Record<string, string>> = {
  "15": "postgres15",
  "16": "postgres16",
  "17": "postgres17",
};

/** True when RDS offers `instanceClass` for PostgreSQL. */
export function isRdsPostgresInstanceClass(instanceClass: string): boolean {
  const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return false;
  const [, family, size] = m;
  if (!FAMILIES.includes(family)) return false;
  return family.startsWith("t") ? BURSTABLE_SIZES.includes(size) : SIZES.includes(size) && size !== "micro" && size !== "small" && size !== "medium";
}

/** For messages: the families accepted. */
export const RDS_POSTGRES_FAMILIES: readonly string[] = FAMILIES;
