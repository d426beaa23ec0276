// The CloudFormation templates under deploy/aws, read as CloudFormation reads them: every resource
// has a type, every Ref/GetAtt/${…} names a parameter, resource or pseudo parameter, every condition
// used exists, every IAM policy is well formed, and the trust policies of the federated roles are
// exactly what lib/federation/trust-policy.ts generates (so template and code cannot drift). The
// identity-provider template is also deployed into moto's CloudFormation and the roles it created
// are judged with the trust-policy evaluator.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { GetRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conditionsAllow,
  managementTrustStatement,
  publisherTrustStatement,
  samlTrustStatement,
  webIdentityRequestContext,
  webIdentityTrustStatement,
  type TrustStatement,
} from "@/lib/federation/trust-policy";
import { webIdentityClaims } from "@/lib/federation/web-identity-token";
import { iamInAccount } from "./dev/accounts";
import { startMoto, type Moto } from "./dev/moto";
import { PSEUDO_PARAMETERS, policyProblems, readTemplate, references, resolve, type Scope, type Template } from "./aws-templates";

const DIR = path.resolve("deploy/aws");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
const templates = FILES.map((file) => [file, readTemplate(path.join(DIR, file))] as const);

const ACCOUNT = "123456789012";
const HOST_PATH = "frontdesk.example.com/aws-idp";
const ISSUER = `https://${HOST_PATH}`;
const AUDIENCE = "sts.amazonaws.com";
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST_PATH}`;
const SAML = `arn:aws:iam::${ACCOUNT}:saml-provider/Frontdesk`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** Every IAM policy in a resource's properties, with what kind it is. */
function policiesOf(resource: Template["Resources"][string]): { where: string; kind: "identity" | "trust"; document: unknown }[] {
  const p = resource.Properties ?? {};
  const found: { where: string; kind: "identity" | "trust"; document: unknown }[] = [];
  if (p.AssumeRolePolicyDocument !== undefined) found.push({ where: "AssumeRolePolicyDocument", kind: "trust", document: p.AssumeRolePolicyDocument });
  if (p.PolicyDocument !== undefined) found.push({ where: "PolicyDocument", kind: "identity", document: p.PolicyDocument });
  for (const [i, policy] of ((p.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).entries())
    found.push({ where: `Policies[${i}]`, kind: "identity", document: policy.PolicyDocument });
  return found;
}

/** Sample values for every parameter (its default, else a plausible one), and what resources' Refs give. */
function scopeFor(template: Template, overrides: Record<string, unknown> = {}): Scope {
  const samples: Record<string, unknown> = {
    IssuerHostPath: HOST_PATH,
    FrontdeskAccountId: "111122223333",
    FrontdeskPrincipalArn: "arn:aws:iam::111122223333:role/frontdesk-broker",
    ManagementExternalId: "frontdesk-external-id",
    BrokerRoleName: "frontdesk-broker",
    OrganizationId: "o-abcdefghij",
    SamlMetadataDocument: "<EntityDescriptor/>",
    PublishBucket: "frontdesk-idp",
  };
  const parameters = Object.fromEntries(
    Object.entries(template.Parameters ?? {}).map(([name, p]) => {
      const value = overrides[name] ?? samples[name] ?? p.Default ?? "sample";
      return [name, p.Type === "CommaDelimitedList" && typeof value === "string" ? value.split(",") : value];
    }),
  );
  return {
    parameters,
    resourceRefs: { OidcProvider: OIDC, SamlProvider: SAML },
    pseudo: {
      "AWS::AccountId": ACCOUNT,
      "AWS::Partition": "aws",
      "AWS::Region": "us-east-1",
      "AWS::URLSuffix": "amazonaws.com",
      "AWS::StackName": "frontdesk",
    },
  };
}

/** A policy document as IAM gets it: JSON strings (a !Sub'd document) parsed. */
const documentOf = (template: Template, node: unknown, scope: Scope) => {
  const value = resolve(template, node, scope);
  return typeof value === "string" ? (JSON.parse(value) as unknown) : value;
};

describe("CloudFormation templates under deploy/aws", () => {
  it("finds the three templates", () => {
    expect(FILES.sort()).toEqual(["frontdesk-broker-policy.yaml", "frontdesk-identity-provider.yaml", "frontdesk-member-account.yaml"]);
  });

  it.each(templates)("%s: every resource has a type; every Ref, GetAtt, ${…} and condition names something declared", (_file, template) => {
    expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
    for (const [name, resource] of Object.entries(template.Resources)) expect(resource.Type, name).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    const declared = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources), ...PSEUDO_PARAMETERS]);
    const { refs, getAtts, conditions, mappings } = references(template);
    expect(mappings.filter((m) => !(m in (template.Mappings ?? {})))).toEqual([]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !declared.has(r))).toEqual([]);
    expect(getAtts.filter((r) => !(r in template.Resources))).toEqual([]);
    const usedConditions = [
      ...conditions,
      ...Object.values(template.Resources).flatMap((r) => r.Condition ?? []),
      ...Object.values(template.Outputs ?? {}).flatMap((o) => o.Condition ?? []),
    ];
    expect(usedConditions.filter((c) => !(c in (template.Conditions ?? {})))).toEqual([]);
  });

  it.each(templates)("%s: every IAM policy has Version 2012-10-17 and well-formed Effect, Action and Resource", (_file, template) => {
    const scope = scopeFor(template);
    const all = Object.entries(template.Resources).flatMap(([name, r]) => policiesOf(r).map((p) => ({ ...p, name })));
    expect(all.length).toBeGreaterThan(0);
    for (const policy of all) expect(policyProblems(documentOf(template, policy.document, scope), policy.kind), `${policy.name} ${policy.where}`).toEqual([]);
  });

  it("the checker itself refuses a dangling Ref, a bad Version and a statement without Resource", () => {
    const broken = readTemplate(path.join(DIR, "frontdesk-identity-provider.yaml"));
    broken.Resources.OidcProvider!.Properties!.ClientIdList = [{ Ref: "NoSuchParameter" }];
    expect(references(broken).refs).toContain("NoSuchParameter");
    expect(policyProblems({ Version: "2008-10-17", Statement: [{ Effect: "Permit", Action: "s3:GetObject" }] }, "identity")).toEqual([
      "Version is 2008-10-17, not 2012-10-17",
      "statement 0: Effect Permit",
      "statement 0: Resource must be a string or a list of strings",
    ]);
  });

  it("the federated roles' trust policies are exactly what trust-policy.ts generates", () => {
    const template = readTemplate(path.join(DIR, "frontdesk-identity-provider.yaml"));
    const scope = scopeFor(template);
    const trust = (resource: string) => documentOf(template, template.Resources[resource]!.Properties!.AssumeRolePolicyDocument, scope);
    const policy = (statement: TrustStatement) => ({ Version: "2012-10-17", Statement: [statement] });
    const base = { providerArn: OIDC, issuer: ISSUER, audience: AUDIENCE };
    const developer = roleArn("FrontdeskWebIdentityDeveloper");
    expect(trust("WebIdentityRole")).toEqual(policy(webIdentityTrustStatement({ ...base, roleArn: developer, subjects: ["*"] })));
    expect(trust("ManagementRole")).toEqual(policy(managementTrustStatement(base)));
    expect(trust("PublisherRole")).toEqual(policy(publisherTrustStatement(base)));
    expect(trust("SamlRole")).toEqual(
      policy(
        samlTrustStatement({
          providerArn: SAML,
          roleArn: roleArn("FrontdeskSamlDeveloper"),
          signinEndpoint: "https://signin.aws.amazon.com/saml",
          subjects: ["*"],
        }),
      ),
    );
    // More than one accepted subject stays one JSON list.
    const narrowed = documentOf(
      template,
      template.Resources.WebIdentityRole!.Properties!.AssumeRolePolicyDocument,
      scopeFor(template, { AllowedSubjects: "*@example.com,ops@example.org" }),
    );
    expect(narrowed).toEqual(policy(webIdentityTrustStatement({ ...base, roleArn: developer, subjects: ["*@example.com", "ops@example.org"] })));
  });

  it("the publisher role may only put objects under the issuer's path in the bucket", () => {
    const template = readTemplate(path.join(DIR, "frontdesk-identity-provider.yaml"));
    const [policy] = policiesOf(template.Resources.PublisherRole!).filter((p) => p.kind === "identity");
    expect(documentOf(template, policy!.document, scopeFor(template))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "PutPublishedDocuments", Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::frontdesk-idp/frontdesk/*" }],
    });
  });
});

/**
 * One call of CloudFormation's query API (the wire format the SDK speaks; the SDK's CloudFormation
 * client is not a dependency). moto picks the service from the credential scope and does not check
 * the signature.
 */
async function cloudFormation(endpoint: string, form: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIAMOTOSETUP0000000/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=00",
    },
    body: new URLSearchParams({ Version: "2010-05-15", ...form }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`CloudFormation ${form.Action}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

describe("deployed into moto's CloudFormation", () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto({ port: 0 });
  }, 60_000);
  afterAll(() => moto?.stop());

  it("creates the roles, whose stored trust policies accept Frontdesk's token for that role only", async () => {
    await cloudFormation(moto.url, {
      Action: "CreateStack",
      StackName: "frontdesk-idp",
      TemplateBody: readFileSync(path.join(DIR, "frontdesk-identity-provider.yaml"), "utf8"),
      "Parameters.member.1.ParameterKey": "IssuerHostPath",
      "Parameters.member.1.ParameterValue": HOST_PATH,
      "Parameters.member.2.ParameterKey": "PublishBucket",
      "Parameters.member.2.ParameterValue": "frontdesk-idp",
      "Capabilities.member.1": "CAPABILITY_NAMED_IAM",
    });
    const described = await cloudFormation(moto.url, { Action: "DescribeStacks", StackName: "frontdesk-idp" });
    expect(/<StackStatus>([^<]+)</.exec(described)?.[1]).toBe("CREATE_COMPLETE");
    expect(described).toMatch(new RegExp(`<OutputKey>PublisherRoleArn</OutputKey>\\s*<OutputValue>${roleArn("FrontdeskPublisher")}</OutputValue>`));

    const iam = iamInAccount(moto.url, ACCOUNT);
    const stored = async (name: string) => {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
      return (JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)) as { Statement: TrustStatement[] }).Statement[0]!;
    };
    const token = (role: string) => {
      const claims = webIdentityClaims({
        params: { roleArn: role, tags: [], sourceIdentity: "alice@example.com" },
        issuer: ISSUER,
        audience: AUDIENCE,
        now: new Date(),
        lifetimeSeconds: 300,
      });
      return webIdentityRequestContext(ISSUER, { ...claims });
    };
    const developer = await stored("FrontdeskWebIdentityDeveloper");
    expect(developer.Action).toEqual(["sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity"]);
    expect(conditionsAllow(developer.Condition, token(roleArn("FrontdeskWebIdentityDeveloper")))).toBe(true);
    expect(conditionsAllow(developer.Condition, token(roleArn("FrontdeskAdministrator")))).toBe(false);

    const publisher = await stored("FrontdeskPublisher");
    const management = await stored("FrontdeskManagement");
    const publisherToken = { [`${HOST_PATH}:aud`]: AUDIENCE, [`${HOST_PATH}:sub`]: "frontdesk:publisher" };
    expect(conditionsAllow(publisher.Condition, publisherToken)).toBe(true);
    expect(conditionsAllow(management.Condition, publisherToken)).toBe(false);
    expect(conditionsAllow(publisher.Condition, token(roleArn("FrontdeskPublisher")))).toBe(false); // a person's token
    // moto does not model AWS::IAM::OIDCProvider, so its stored principal stays unresolved; the
    // parsed-template test above checks the principal against the generator instead.
    expect(publisher.Condition).toEqual(publisherTrustStatement({ providerArn: OIDC, issuer: ISSUER, audience: AUDIENCE }).Condition);

    // moto keeps a CloudFormation-made inline policy in Python's notation, not JSON: compared as text.
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: "FrontdeskPublisher", PolicyName: "FrontdeskPublisher" }));
    const inline = decodeURIComponent(PolicyDocument!).replaceAll("'", '"');
    expect(JSON.parse(inline).Statement).toEqual([
      { Sid: "PutPublishedDocuments", Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::frontdesk-idp/frontdesk/*" },
    ]);
  });
});
