// What Frontdesk's own AWS credentials allow. When Frontdesk itself runs on role credentials
// (ECS, Lambda, another assumed role), every AssumeRole it makes is role chaining: AWS caps those
// sessions at one hour and refuses longer console sessions.
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { ASSUMED_ROLE_ARN, ASSUME_ROLE_DURATION, ROLE_CHAINING_MAX_SECONDS } from "./limits";

export { ROLE_CHAINING_MAX_SECONDS };
export const AWS_MAX_SECONDS = ASSUME_ROLE_DURATION.maxSeconds;

export type RoleChainingSetting = "auto" | "yes" | "no";

/** An assumed-role caller is chaining. (An EC2 instance profile looks the same but is not: set "no".) */
export function isRoleChainingArn(callerArn: string): boolean {
  return ASSUMED_ROLE_ARN.test(callerArn);
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
