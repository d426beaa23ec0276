import { describe, expect, it } from "vitest";
import { formatCredentials } from "./credential-formats";

const c = { accessKeyId: "ASIAX", secretAccessKey: "s3cr3t", sessionToken: "tok", expiration: "2026-01-01T11:00:00.000Z", profileName: "dev" };

describe("credential formats", () => {
  it("writes shell exports and a credentials-file profile", () => {
    expect(formatCredentials("bash", c)).toBe("export AWS_ACCESS_KEY_ID=ASIAX\nexport AWS_SECRET_ACCESS_KEY=s3cr3t\nexport AWS_SESSION_TOKEN=tok");
    expect(formatCredentials("credentials-file", c)).toBe("[dev]\naws_access_key_id = ASIAX\naws_secret_access_key = s3cr3t\naws_session_token = tok");
    expect(formatCredentials("powershell", c)).toContain('$Env:AWS_SESSION_TOKEN="tok"');
  });

  it("writes the JSON credential_process expects", () => {
    expect(JSON.parse(formatCredentials("credential-process", c))).toEqual({
      Version: 1,
      AccessKeyId: "ASIAX",
      SecretAccessKey: "s3cr3t",
      SessionToken: "tok",
      Expiration: "2026-01-01T11:00:00.000Z",
    });
  });
});
