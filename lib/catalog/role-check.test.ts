import { describe, expect, it } from "vitest";
import { brokerPrincipals } from "./role-check";

describe("brokerPrincipals", () => {
  it("accepts the ways a trust policy can name an assumed-role broker", () => {
    const broker = brokerPrincipals("arn:aws:sts::111111111111:assumed-role/Frontdesk/i-0abc");
    expect(broker.describe).toBe("arn:aws:iam::111111111111:role/Frontdesk");
    for (const principal of [
      "arn:aws:iam::111111111111:role/Frontdesk",
      "arn:aws:iam::111111111111:role/svc/Frontdesk",
      "arn:aws:iam::111111111111:root",
      "111111111111",
      "*",
    ]) {
      expect(broker.matches(principal)).toBe(true);
    }
    for (const principal of ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:role/FrontdeskOld", "arn:aws:iam::111111111111:user/Frontdesk"]) {
      expect(broker.matches(principal)).toBe(false);
    }
  });

  it("accepts an IAM user broker and refuses an unknown caller", () => {
    expect(brokerPrincipals("arn:aws:iam::111111111111:user/ops/frontdesk").matches("arn:aws:iam::111111111111:user/ops/frontdesk")).toBe(true);
    expect(brokerPrincipals("").matches("*")).toBe(false);
  });
});
