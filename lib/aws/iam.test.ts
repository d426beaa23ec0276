import { IAMServiceException } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseRoleArn, toIamAppError } from "./iam";

const iamError = (name: string, message = "") => new IAMServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });

describe("parseRoleArn", () => {
  it("takes the role name whatever the path, and the partition", () => {
    expect(parseRoleArn("arn:aws:iam::123456789012:role/FrontdeskDeveloper")).toEqual({ partition: "aws", roleName: "FrontdeskDeveloper" });
    expect(parseRoleArn("arn:aws-us-gov:iam::123456789012:role/teams/ops/Operator")).toEqual({ partition: "aws-us-gov", roleName: "Operator" });
    expect(parseRoleArn("arn:aws-cn:iam::123456789012:role/a/B+=,.@-c")).toEqual({ partition: "aws-cn", roleName: "B+=,.@-c" });
  });

  it("refuses anything that is not a role ARN", () => {
    for (const arn of ["", "FrontdeskDeveloper", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345:role/X", "arn:aws:iam::123456789012:role/"]) {
      expect(() => parseRoleArn(arn)).toThrow(AppError);
    }
  });
});

describe("toIamAppError", () => {
  it("names the AWS error and says who must act, without AWS's own text", () => {
    const denied = toIamAppError(iamError("AccessDenied", "User arn:aws:sts::1:assumed-role/x is not authorized")) as AppError;
    expect(denied.userMessage).toMatch(/iam:PutRolePolicy.*\(AWS error: AccessDenied\)$/);
    expect(denied.userMessage).not.toContain("assumed-role");
    expect((toIamAppError(iamError("NoSuchEntityException", "The role with name X cannot be found.")) as AppError).userMessage).toMatch(
      /role does not exist in IAM/,
    );
    expect((toIamAppError(iamError("SomethingNew")) as AppError).userMessage).toBe("IAM could not make the change right now. (AWS error: SomethingNew)");
  });

  it("calls a network failure unreachable and passes our own errors through", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect((toIamAppError(refused) as AppError).userMessage).toBe("Frontdesk could not reach AWS IAM.");
    const own = new AppError("INVALID_INPUT", "x");
    expect(toIamAppError(own)).toBe(own);
  });
});
