// What Frontdesk's own AWS credentials allow. When Frontdesk itself runs on role credentials
// (ECS, Lambda, another assumed role), every AssumeRole it makes is role chaining: AWS caps those
// sessions at one hour and refuses longer console sessions.
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";

export const ROLE_CHAINING_MAX_SECONDS = 3600;
export const AWS_MAX_SECONDS = 43_200;

export type RoleChainingSetting = "auto" | "yes" | "no";

/** An assumed-role caller is chaining. (An EC2 instance profile looks the same but is not: set "no".) */
export function isRoleChainingArn(callerArn: string): boolean {
  return /^arn:aws[\w-]*:sts::\d{12}:assumed-role\//.test(callerArn);
}

/**
 * The longest session Frontdesk can mint, decided once per process. "auto" asks STS who Frontdesk
 * is; if that fails it assumes chaining, the safe side: shorter sessions rather than refused ones.
 */
export function brokerSessionCap(setting: RoleChainingSetting, sts: STSClient): () => Promise<number> {
  let cap: Promise<number> | undefined;
  return () => {
    if (setting !== "auto") return Promise.resolve(setting === "yes" ? ROLE_CHAINING_MAX_SECONDS : AWS_MAX_SECONDS);
    cap ??= sts
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => (isRoleChainingArn(identity.Arn ?? "") ? ROLE_CHAINING_MAX_SECONDS : AWS_MAX_SECONDS))
      .catch(() => {
        cap = undefined; // try again next time
        return ROLE_CHAINING_MAX_SECONDS;
      });
    return cap;
  };
}
