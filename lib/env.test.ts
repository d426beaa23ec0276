import { describe, expect, it } from "vitest";
import { ConfigurationError, getDatabaseConfig, parseEnv } from "./env";

const minimal = {
  NEXTAUTH_SECRET: "x".repeat(32),
  OIDC_ISSUER: "https://idp.example.com",
  OIDC_CLIENT_ID: "frontdesk",
  OIDC_CLIENT_SECRET: "shh",
};

describe("parseEnv", () => {
  it("applies defaults to a minimal configuration", () => {
    const env = parseEnv(minimal);
    expect(env).toMatchObject({ FRONTDESK_CATALOG: "frontdesk.config.yaml", OIDC_GROUPS_CLAIM: "groups", AWS_REGION: "us-east-1" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(parseEnv({ ...minimal, NEXTAUTH_SECRET: undefined, AUTH_SECRET: "y".repeat(40) }).NEXTAUTH_SECRET).toBe("y".repeat(40));
  });

  it("names every missing or bad variable in one error, without echoing values", () => {
    let message = "";
    try {
      parseEnv({ NEXTAUTH_SECRET: "short-secret-value", OIDC_ISSUER: "not a url", DATABASE_URL: "mysql://u:pw@h/db" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/NEXTAUTH_SECRET: must be at least 32 characters/);
    expect(message).toMatch(/OIDC_ISSUER:/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).not.toContain("short-secret-value");
    expect(message).not.toContain("pw@h");
  });

  it("needs at least one complete sign-in method: OIDC, SAML, or both", () => {
    const noOidc = Object.fromEntries(Object.entries(minimal).filter(([name]) => !name.startsWith("OIDC_")));
    const saml = {
      SAML_IDP_CERT: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      SAML_IDP_SSO_URL: "https://idp.example.com/sso",
      SAML_IDP_ENTITY_ID: "https://idp.example.com",
    };
    expect(parseEnv({ ...noOidc, ...saml }).OIDC_ISSUER).toBeUndefined(); // SAML only
    expect(() => parseEnv(noOidc)).toThrow(/OIDC_ISSUER: is required but not set \(OpenID Connect sign-in; or configure SAML sign-in instead\)/);
    // OIDC's settings go together, even next to SAML.
    expect(() => parseEnv({ ...noOidc, ...saml, OIDC_ISSUER: minimal.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID: is required but not set/);
  });

  it("takes a publisher role only with the bucket it uploads to, and only as a role ARN", () => {
    const role = "arn:aws:iam::123456789012:role/FrontdeskPublisher";
    expect(() => parseEnv({ ...minimal, FRONTDESK_IDP_PUBLISH_ROLE_ARN: role })).toThrow(/FRONTDESK_IDP_PUBLISH_ROLE_ARN: needs FRONTDESK_IDP_PUBLISH_BUCKET/);
    expect(() => parseEnv({ ...minimal, FRONTDESK_IDP_PUBLISH_BUCKET: "my-bucket", FRONTDESK_IDP_PUBLISH_ROLE_ARN: "FrontdeskPublisher" })).toThrow(
      /FRONTDESK_IDP_PUBLISH_ROLE_ARN: must be an IAM role ARN/,
    );
    expect(parseEnv({ ...minimal, FRONTDESK_IDP_PUBLISH_BUCKET: "my-bucket", FRONTDESK_IDP_PUBLISH_ROLE_ARN: role }).FRONTDESK_IDP_PUBLISH_ROLE_ARN).toBe(role);
  });

  it("requires https for a public URL in production", () => {
    expect(() => parseEnv({ ...minimal, NODE_ENV: "production", NEXTAUTH_URL: "http://frontdesk.example.com" })).toThrow(/NEXTAUTH_URL: must use https/);
    expect(parseEnv({ ...minimal, NODE_ENV: "production", NEXTAUTH_URL: "http://localhost:3000" }).NEXTAUTH_URL).toBe("http://localhost:3000");
  });

  it("reads only the database settings for tools", () => {
    expect(getDatabaseConfig({})).toEqual({
      FRONTDESK_DATA_DIR: ".frontdesk",
      DATABASE_POOL_MAX: 20,
      DATABASE_POOL_TIMEOUT_MS: 10_000,
      DATABASE_TRANSACTION_TIMEOUT_MS: 15_000,
      DATABASE_PREPARED_STATEMENTS: "true",
      FRONTDESK_SERVER_TIMING: "false",
    });
    expect(getDatabaseConfig({ DATABASE_URL: "postgres://localhost/db" }).DATABASE_URL).toBe("postgres://localhost/db");
  });
});
