/**
 * Regions an environment may name. A typo in a region otherwise surfaces only at apply time, as a
 * provider error far from the file that caused it. Extend the list when a provider adds a region.
 */
export const GCP_REGIONS = [
  "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
  "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1",
  "australia-southeast2", "europe-central2", "europe-north1", "europe-north2", "europe-southwest1", "europe-west1",
  "europe-west10", "europe-west12", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
  "europe-west8", "europe-west9", "me-central1", "me-central2", "me-west1", "northamerica-northeast1",
  "northamerica-northeast2", "northamerica-south1", "southamerica-east1", "southamerica-west1", "us-central1",
  "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
] as const;

export const AWS_REGIONS = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
  "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
  "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
  "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
  "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
] as const;

/**
 * Availability zones a new account can use in each AWS region (`aws ec2 describe-availability-zones`).
 * `network.zoneCount` may not exceed it: the VPC takes the first `zoneCount` zones the region reports.
 */
export const AWS_REGION_ZONES: Readonly<Record<(typeof AWS_REGIONS)[number], number>> = {
  "af-south-1": 3, "ap-east-1": 3, "ap-east-2": 3, "ap-northeast-1": 3, "ap-northeast-2": 4, "ap-northeast-3": 3,
  "ap-south-1": 3, "ap-south-2": 3, "ap-southeast-1": 3, "ap-southeast-2": 3, "ap-southeast-3": 3, "ap-southeast-4": 3,
  "ap-southeast-5": 3, "ap-southeast-7": 3, "ca-central-1": 3, "ca-west-1": 3, "eu-central-1": 3, "eu-central-2": 3,
  "eu-north-1": 3, "eu-south-1": 3, "eu-south-2": 3, "eu-west-1": 3, "eu-west-2": 3, "eu-west-3": 3, "il-central-1": 3,
  "me-central-1": 3, "me-south-1": 3, "mx-central-1": 3, "sa-east-1": 3, "us-east-1": 6, "us-east-2": 3, "us-west-1": 2,
  "us-west-2": 4,
};

/** Zone suffixes of GCP regions that do not follow the usual `-a`, `-b`, `-c`. */
const GCP_ZONE_EXCEPTIONS: Readonly<Partial<Record<(typeof GCP_REGIONS)[number], readonly string[]>>> = {
  "us-central1": ["a", "b", "c", "f"],
  "us-east1": ["b", "c", "d"],
  "europe-west1": ["b", "c", "d"],
};

/** The zones of a GCP region, in the order node pools take them when the environment names none. */
export function gcpZones(region: (typeof GCP_REGIONS)[number]): string[] {
  return (GCP_ZONE_EXCEPTIONS[region] ?? ["a", "b", "c"]).map((s) => `${region}-${s}`);
}
