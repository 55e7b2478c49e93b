/**
 * The `ci` part of the environment schema: who may deploy the environment from CI. The
 * `<env>-bootstrap` stack turns it into the cloud's trust for GitHub Actions' OIDC tokens.
 */
import { z } from "zod";

export const ciSchema = z.strictObject({
  /** `owner/name` of the GitHub repository whose workflows plan and deploy this environment. */
  githubRepository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "a GitHub repository as owner/name"),
  /**
   * GitHub environment whose jobs may deploy (and that carries the approval rules, for prod).
   * Jobs of any other environment or branch of the repository may only plan.
   */
  deployEnvironment: z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, "a GitHub environment name"),
  /** GitHub environment whose jobs plan pull requests (read-only identity). */
  planEnvironment: z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, "a GitHub environment name"),
});

export type CiConfig = z.output<typeof ciSchema>;

/** A bootstrap exists only for cloud targets: on local, `ci` would do nothing, so it is refused. */
export function ciOnlyOnCloudTargets(env: { readonly target: string; readonly ci?: CiConfig }, ctx: z.RefinementCtx): void {
  if (env.target === "local" && env.ci) {
    ctx.addIssue({ code: "custom", path: ["ci"], message: 'must be left out on target "local": there is no cloud identity or state bucket to bootstrap' });
  }
}
