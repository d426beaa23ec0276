// A role ARN read into what IAM's role APIs take, without the AWS SDK: use cases that only need
// the name (revocation policies, checks) do not load it.
import { AppError } from "@/lib/errors";
import { ROLE_ARN } from "./limits";

/** The role's name and partition; IAM's role APIs take the name alone, whatever the path. */
export function parseRoleArn(arn: string): { partition: string; roleName: string } {
  const match = ROLE_ARN.exec(arn);
  const [, partition, , roleName] = match ?? [];
  if (!partition || !roleName) throw new AppError("INVALID_INPUT", `${arn} is not an IAM role ARN.`);
  return { partition, roleName };
}
