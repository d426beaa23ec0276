// Integration-test wiring: a fresh PostgreSQL database, a catalog, a settable clock and the real
// AWS gateway pointed at a moto server. Tests run the same use cases the app runs.
import { createPostgresClient } from "@/lib/db/client";
import { createAwsDirectory } from "@/lib/aws/directory";
import { signManagementToken } from "@/lib/federation/management-token";
import { createAwsGateway, type AwsGateway } from "@/lib/aws/gateway";
import { ASSUME_ROLE_DURATION } from "@/lib/aws/limits";
import type { AssumeRoleParams } from "@/lib/aws/sts";
import { defaultFederationSettings, type FederationSettings } from "@/lib/federation/settings";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import type { Deps } from "@/lib/context";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { NotificationChannels } from "@/lib/notify/channels";
import type { Actor } from "@/lib/policy/access";
import { startFederationStandIn, type FederationStandIn } from "@/scripts/dev/federation";
import { startMoto, type Moto } from "@/scripts/dev/moto";

export const TEST_CATALOG = `
admins: [admins]
accounts:
  - { id: "123456789012", name: Sandbox }
roles:
  - id: dev
    name: Developer
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskDeveloper
    maxDuration: 4h
    maxSessionDuration: 1h
    requesters: [engineering]
    approvers: [security]
  - id: admin
    name: Administrator
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskAdministrator
    maxDuration: 1h
    requesters: [admins]
    approvers: [security]
  - id: scoped
    name: Scoped
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/ops/FrontdeskScoped
    maxDuration: 4h
    maxSessionDuration: 4h
    requesters: [engineering]
    approvers: [security]
    externalId: frontdesk-7f3a
    sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}'
    managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    sessionTags:
      static: { cost-center: "cc-1234" }
      fromClaims: { department: department }
    transitiveTagKeys: [cost-center]
    console: { path: /s3/home, region: eu-west-1 }
  - id: prod
    name: Production
    account: "123456789012"
    arn: arn:aws:iam::123456789012:role/FrontdeskProduction
    maxDuration: 8h
    maxSessionDuration: 1h
rules:
  - id: prod-two-person
    roles: [prod]
    requesters: { groups: [engineering, sre], users: [contractor@example.com] }
    approvers: { groups: [leads, security], users: [cto@example.com] }
    approvals: 2
    maxDuration: 4h
    pendingTimeout: 2h
    ticket: { required: true, pattern: "(OPS|INC)-[0-9]+", example: OPS-1234 }
    autoApprove: { groups: [sre], maxDuration: 1h }
    breakGlass: { groups: [oncall], maxDuration: 1h }
  - id: vault-mfa
    roles: [scoped]
    requesters: [vault-users]
    approvers: [vault-approvers]
    mfa: { request: true, approve: true }
`;

export interface Harness extends Deps {
  clock: { now: Date };
  /** Every AssumeRole call the use cases made, as sent. */
  assumeRoleCalls: AssumeRoleParams[];
  /** Every AssumeRoleWithWebIdentity and AssumeRoleWithSAML call, as sent (token and assertion included). */
  federatedCalls: (AssumeRoleParams & { webIdentityToken?: string; samlAssertion?: string; principalArn?: string })[];
  motoUrl: string;
  /** The test database's connection string, for a second "app instance" with its own pool. */
  databaseUrl: string;
  /** What sessionCap answers; 43200 unless a test plays a role-chained Frontdesk. */
  brokerCapSeconds: number;
  /** The console federation stand-in, when asked for. */
  federation: FederationStandIn | null;
  person(key: string, groups: string[], attributes?: Record<string, string>): Promise<Actor>;
  /**
   * Test setup: closes the person's open requests directly, so a test can ask again for a role
   * the person already holds (a real second request would be refused as overlapping).
   */
  retire(actor: Actor): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  withMoto?: boolean;
  withFederation?: boolean;
  /** Send STS calls here instead of straight to moto (a fault-injecting proxy, say). */
  stsEndpoint?: (motoUrl: string) => Promise<string> | string;
  /** Send IAM calls here instead of straight to moto. */
  iamEndpoint?: (motoUrl: string) => Promise<string> | string;
  /** Slack and email channels for notifications (none unless given). */
  notifications?: NotificationChannels;
  /** The catalog (TEST_CATALOG unless given). */
  catalog?: string;
  /** Frontdesk as the identity provider AWS trusts (a test signing secret unless overridden). */
  identityProvider?: Partial<FederationSettings>;
}

export const TEST_SIGNING_KEY_SECRET = "test-only-signing-key-secret-0123456789abcdef";

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  // The app's own pool and transaction limits, with fewer connections: many test files share the server.
  const db = createPostgresClient(database.url, { DATABASE_POOL_MAX: 10 });
  const moto: Moto | null = options.withMoto === false ? null : await startMoto({ port: 0 });
  const federation = moto && options.withFederation ? await startFederationStandIn({ port: 0, stsEndpoint: moto.url }) : null;
  const clock = { now: new Date("2026-03-02T09:00:00.000Z") };
  const assumeRoleCalls: AssumeRoleParams[] = [];
  const federatedCalls: Harness["federatedCalls"] = [];
  const real = createAwsGateway({
    region: "us-east-1",
    stsEndpoint: moto && options.stsEndpoint ? await options.stsEndpoint(moto.url) : (moto?.url ?? "http://127.0.0.1:9"),
    iamEndpoint: moto && options.iamEndpoint ? await options.iamEndpoint(moto.url) : (moto?.url ?? "http://127.0.0.1:9"),
    s3Endpoint: moto?.url ?? "http://127.0.0.1:9",
    federationUrl: federation?.url,
    issuer: "http://frontdesk.test",
    // Read when a management role is assumed with a web-identity token, after the harness exists.
    managementToken: () => signManagementToken(harness),
  });
  const aws: AwsGateway = {
    ...real,
    assumeRole: (params) => {
      assumeRoleCalls.push(params);
      return real.assumeRole(params);
    },
    assumeRoleWithWebIdentity: (params) => {
      federatedCalls.push(params);
      return real.assumeRoleWithWebIdentity(params);
    },
    assumeRoleWithSaml: (params) => {
      federatedCalls.push(params);
      return real.assumeRoleWithSaml(params);
    },
  };

  const harness: Harness = {
    db,
    catalog: parseCatalog(options.catalog ?? TEST_CATALOG, "test-catalog.yaml"),
    identityProvider: defaultFederationSettings("http://frontdesk.test", { keySecret: TEST_SIGNING_KEY_SECRET, ...options.identityProvider }),
    now: () => new Date(clock.now),
    aws,
    clock,
    assumeRoleCalls,
    federatedCalls,
    motoUrl: moto?.url ?? "",
    databaseUrl: database.url,
    brokerCapSeconds: ASSUME_ROLE_DURATION.maxSeconds,
    sessionCap: () => Promise.resolve(harness.brokerCapSeconds),
    // Generous: race tests create hundreds of requests at one instant; the limit has its own test.
    limits: { recentAuthSeconds: 3600, requestsPerHour: 100_000 },
    awsDirectory: createAwsDirectory({
      region: "us-east-1",
      stsEndpoint: moto?.url ?? "http://127.0.0.1:9",
      iamEndpoint: moto?.url ?? "http://127.0.0.1:9",
      managementToken: () => signManagementToken(harness),
    }),
    federation,
    notifications: options.notifications,
    async person(key, groups, attributes = {}) {
      const user = await db.user.create({
        data: { issuer: "https://idp.test", subject: key, email: `${key}@example.com`, name: key, groups, attributes },
      });
      // Signed in "just now" whenever asked, unless a test says otherwise: the clock moves in tests.
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        groups: user.groups,
        mfa: false,
        get authTime() {
          return new Date(clock.now);
        },
      };
    },
    async retire(actor) {
      await db.accessRequest.updateMany({
        where: { requesterId: actor.id, status: { in: ["PENDING", "APPROVED", "ACTIVE"] } },
        data: { status: "ENDED", closedAt: new Date(clock.now), closeReason: "test setup" },
      });
    },
    async close() {
      await db.$disconnect();
      await federation?.stop();
      await moto?.stop();
      await database.drop();
    },
  };
  return harness;
}
