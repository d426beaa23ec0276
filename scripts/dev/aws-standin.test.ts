// The demo's built-in AWS stand-in, driven by Frontdesk's own AWS code, and compared with moto
// call by call: same answers where Frontdesk reads them, same error shapes.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsDirectory } from "@/lib/aws/directory";
import { createAwsGateway } from "@/lib/aws/gateway";
import { parseCatalog } from "@/lib/catalog/parse-catalog";
import { TEST_CATALOG } from "@/lib/testing/harness";
import { startAwsStandIn, type AwsStandIn } from "./aws-standin";
import { createCatalogRoles } from "./catalog-roles";
import { startMoto, type Moto } from "./moto";

let standIn: AwsStandIn;
let moto: Moto;
const catalog = parseCatalog(TEST_CATALOG, "test-catalog.yaml");

beforeAll(async () => {
  [standIn, moto] = await Promise.all([startAwsStandIn({ port: 0 }), startMoto({ port: 0 })]);
  await Promise.all([createCatalogRoles(catalog, standIn.url), createCatalogRoles(catalog, moto.url)]);
});
afterAll(async () => {
  await standIn?.stop();
  await moto?.stop();
});

const assume = {
  roleArn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper",
  sessionName: "alice@example.com-abcd1234",
  sourceIdentity: "alice@example.com",
  durationSeconds: 900,
  tags: [{ Key: "frontdesk:request-id", Value: "req-1" }],
};
const DENY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
const policy = { roleArn: "arn:aws:iam::123456789012:role/FrontdeskDeveloper", policyName: "FrontdeskRevocations" };

/** What Frontdesk reads from each call, so the stand-in and moto can be compared. */
async function journey(url: string) {
  const aws = createAwsGateway({ region: "us-east-1", stsEndpoint: url, iamEndpoint: url, issuer: "http://frontdesk.test" });
  const directory = createAwsDirectory({ region: "us-east-1", stsEndpoint: url, iamEndpoint: url });
  const session = await aws.assumeRole(assume);
  const sts = new STSClient({ region: "us-east-1", endpoint: url, credentials: session.credentials, maxAttempts: 1 });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const before = await aws.getRolePolicy(policy);
  await aws.putRolePolicy({ ...policy, document: DENY });
  const after = await aws.getRolePolicy(policy);
  await aws.deleteRolePolicy(policy);
  await aws.deleteRolePolicy(policy); // already gone: succeeds
  const role = await directory.getRole("FrontdeskScoped");
  const missingRole = await directory.getRole("NoSuchRole");
  const unknownRole = await aws.assumeRole({ ...assume, roleArn: "arn:aws:iam::123456789012:role/NoSuchRole" }).then(
    () => "minted",
    (error: Error) => error.name,
  );
  const putOnMissingRole = await aws
    .putRolePolicy({
      roleArn: "arn:aws:iam::123456789012:role/NoSuchRole",
      policyName: "x",
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
    })
    .then(
      () => "ok",
      (error: Error) => error.name,
    );
  return {
    arn: session.arn,
    assumedRoleIdSuffix: session.assumedRoleId.split(":")[1],
    keyPrefix: session.credentials.accessKeyId.slice(0, 4),
    expiresInSeconds: Math.round((session.credentials.expiration.getTime() - Date.now()) / 1000 / 60) * 60,
    callerArn: identity.Arn,
    before,
    after: after && JSON.parse(after),
    role: role && {
      arn: role.arn,
      maxSessionDuration: role.maxSessionDuration,
      trustPrincipal: (role.trustPolicy as { Statement: { Principal: unknown }[] }).Statement[0]?.Principal,
    },
    missingRole,
    unknownRoleError: unknownRole !== "minted",
    putOnMissingRole,
  };
}

describe("the built-in AWS stand-in", () => {
  it("answers Frontdesk's STS and IAM calls as moto does", async () => {
    const [ours, motos] = await Promise.all([journey(standIn.url), journey(moto.url)]);
    expect(ours).toMatchObject({
      arn: "arn:aws:sts::123456789012:assumed-role/FrontdeskDeveloper/alice@example.com-abcd1234",
      assumedRoleIdSuffix: "alice@example.com-abcd1234",
      keyPrefix: "ASIA",
      expiresInSeconds: 900,
      callerArn: "arn:aws:sts::123456789012:assumed-role/FrontdeskDeveloper/alice@example.com-abcd1234",
      before: null,
      after: JSON.parse(DENY),
      role: { arn: "arn:aws:iam::123456789012:role/ops/FrontdeskScoped", maxSessionDuration: 14_400 },
      missingRole: null,
    });
    // moto mints for any role name; AWS (and the stand-in) refuse a role that does not exist.
    expect(ours.unknownRoleError).toBe(true);
    expect({ ...ours, unknownRoleError: "differs" }).toEqual({ ...motos, unknownRoleError: "differs" });
  });

  it("answers errors in AWS's envelope: a duration beyond the role's maximum, an unknown action", async () => {
    const aws = createAwsGateway({ region: "us-east-1", stsEndpoint: standIn.url, iamEndpoint: standIn.url, issuer: "http://frontdesk.test" });
    await expect(aws.assumeRole({ ...assume, durationSeconds: 7200 })).rejects.toMatchObject({ name: expect.any(String) });
    const response = await fetch(standIn.url, {
      method: "POST",
      body: "Action=ListUsers&Version=2010-05-08",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
    );
  });

  it("refuses expired session credentials like STS", async () => {
    let clock = Date.now();
    const timed = await startAwsStandIn({ port: 0, now: () => clock });
    try {
      await createCatalogRoles(catalog, timed.url);
      const aws = createAwsGateway({ region: "us-east-1", stsEndpoint: timed.url, iamEndpoint: timed.url, issuer: "http://frontdesk.test" });
      const session = await aws.assumeRole(assume);
      clock += 901_000;
      const sts = new STSClient({ region: "us-east-1", endpoint: timed.url, credentials: session.credentials, maxAttempts: 1 });
      await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
    } finally {
      await timed.stop();
    }
  });
});
