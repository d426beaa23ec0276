import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type Moto } from "@/scripts/dev/moto";
import { AWS_MAX_SECONDS, brokerSessionCap, isRoleChainingArn, ROLE_CHAINING_MAX_SECONDS } from "./broker";

describe("role chaining detection", () => {
  it.each([
    ["arn:aws:sts::123456789012:assumed-role/Frontdesk/i-0abc", true],
    ["arn:aws-us-gov:sts::123456789012:assumed-role/Frontdesk/x", true],
    ["arn:aws:iam::123456789012:user/frontdesk-broker", false],
    ["arn:aws:iam::123456789012:root", false],
    ["", false],
  ])("%s → %s", (arn, chaining) => expect(isRoleChainingArn(arn)).toBe(chaining));

  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto({ port: 0 });
  });
  afterAll(() => moto.stop());

  it("asks STS who Frontdesk is when set to auto", async () => {
    // moto answers GetCallerIdentity for long-term keys with an IAM user ARN: not chaining.
    const sts = new STSClient({ region: "us-east-1", endpoint: moto.url });
    expect(await brokerSessionCap("auto", sts)()).toBe(AWS_MAX_SECONDS);
  });

  it("honours an explicit setting without asking, and assumes chaining when STS cannot answer", async () => {
    const unreachable = new STSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9", maxAttempts: 1 });
    expect(await brokerSessionCap("yes", unreachable)()).toBe(ROLE_CHAINING_MAX_SECONDS);
    expect(await brokerSessionCap("no", unreachable)()).toBe(AWS_MAX_SECONDS);
    expect(await brokerSessionCap("auto", unreachable)()).toBe(ROLE_CHAINING_MAX_SECONDS);
  });
});
