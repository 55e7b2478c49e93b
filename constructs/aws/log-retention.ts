/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The shortest allowed CloudWatch retention that keeps logs at least `days`. */
export function cloudwatchRetentionDays(days: number): number {
  const found = RETENTION_DAYS.find((d) => d >= days);
  if (found === undefined) throw new Error(`cloudwatchRetentionDays: ${days} days is more than CloudWatch keeps (3653)`);
  return found;
}
