// A built-in stand-in for the AWS calls Frontdesk makes, for `npm run demo` on a machine without
// moto: STS AssumeRole and GetCallerIdentity, IAM CreateRole, GetRole, GetRolePolicy,
// PutRolePolicy and DeleteRolePolicy. It speaks the AWS query protocol (form-encoded POST,
// XML answers in each service's namespace, AWS's error envelope and status codes) on one endpoint
// for both services, as moto does. One account (123456789012), roles by name. Signatures are not
// verified; the access key in the Authorization header names the caller, so credentials minted
// here identify their assumed-role session, and expire. Development only: never part of the app.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { ASSUME_ROLE_DURATION, ROLE_ARN, ROLE_NAME, ROLE_SESSION_NAME } from "../../lib/aws/limits";
import { LOOPBACK, closeServer, listen } from "./net";

const ACCOUNT = "123456789012";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const SESSION_NAME = ROLE_SESSION_NAME.pattern;
const { minSeconds: MIN_DURATION, maxSeconds: MAX_DURATION, defaultSeconds: DEFAULT_DURATION } = ASSUME_ROLE_DURATION;

interface Role {
  name: string;
  path: string;
  id: string;
  arn: string;
  trustPolicy: string;
  maxSessionDuration: number;
  createdAt: Date;
  policies: Map<string, string>;
}

interface Session {
  arn: string;
  account: string;
  userId: string;
  secretAccessKey: string;
  expiresAt: number;
}

export interface AwsStandIn {
  url: string;
  /** Every call, as Action names in order (for tests). */
  calls: readonly string[];
  stop(): Promise<void>;
}

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

const xml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const id = (prefix: string, length = 17) =>
  prefix +
  randomBytes(length)
    .toString("hex")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, length);

export async function startAwsStandIn({ port, now = Date.now }: { port: number; now?: () => number }): Promise<AwsStandIn> {
  const roles = new Map<string, Role>();
  const sessions = new Map<string, Session>();
  const calls: string[] = [];

  function caller(req: IncomingMessage): { arn: string; account: string; userId: string } {
    const match = /Credential=([^/\s,]+)\//.exec(req.headers.authorization ?? "");
    if (!match) throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    const key = match[1]!;
    const session = sessions.get(key);
    if (session) {
      if (session.expiresAt <= now()) throw new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
      return session;
    }
    if (key.startsWith("ASIA")) throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    // Any long-term key is Frontdesk's own IAM user in the one account.
    return { arn: `arn:aws:iam::${ACCOUNT}:user/frontdesk`, account: ACCOUNT, userId: "AIDAFRONTDESKSTANDIN0" };
  }

  function role(name: string | undefined): Role {
    if (!name || !ROLE_NAME.test(name))
      throw new AwsError(400, "ValidationError", "1 validation error detected: Value at 'roleName' failed to satisfy constraint");
    const found = roles.get(name);
    if (!found) throw new AwsError(404, "NoSuchEntity", `The role with name ${name} cannot be found.`);
    return found;
  }

  function roleXml(r: Role): string {
    return `<Role><Path>${xml(r.path)}</Path><RoleName>${xml(r.name)}</RoleName><RoleId>${r.id}</RoleId><Arn>${xml(r.arn)}</Arn><CreateDate>${r.createdAt.toISOString()}</CreateDate><AssumeRolePolicyDocument>${xml(encodeURIComponent(r.trustPolicy))}</AssumeRolePolicyDocument><MaxSessionDuration>${r.maxSessionDuration}</MaxSessionDuration></Role>`;
  }

  const actions: Record<string, (p: URLSearchParams, req: IncomingMessage) => { ns: string; body: string }> = {
    GetCallerIdentity: (_p, req) => {
      const who = caller(req);
      return {
        ns: STS_NS,
        body: `<GetCallerIdentityResult><Arn>${xml(who.arn)}</Arn><UserId>${xml(who.userId)}</UserId><Account>${who.account}</Account></GetCallerIdentityResult>`,
      };
    },
    AssumeRole: (p, req) => {
      caller(req);
      const roleArn = p.get("RoleArn") ?? "";
      const arn = ROLE_ARN.exec(roleArn);
      if (!arn) throw new AwsError(400, "ValidationError", `${roleArn} is invalid`);
      const [, partition, account, roleName] = arn;
      const sessionName = p.get("RoleSessionName") ?? "";
      if (!SESSION_NAME.test(sessionName))
        throw new AwsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint");
      const target = roles.get(roleName!);
      if (!target)
        throw new AwsError(
          403,
          "AccessDenied",
          `User: arn:aws:iam::${ACCOUNT}:user/frontdesk is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        );
      const duration = Number(p.get("DurationSeconds") ?? DEFAULT_DURATION);
      if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
        throw new AwsError(
          400,
          "ValidationError",
          `1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_DURATION} and ${MAX_DURATION}`,
        );
      }
      if (duration > target.maxSessionDuration) {
        throw new AwsError(400, "ValidationError", `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
      }
      const sourceIdentity = p.get("SourceIdentity");
      const accessKeyId = id("ASIA", 16);
      const secretAccessKey = randomBytes(30).toString("base64").slice(0, 40);
      const sessionToken = randomBytes(180).toString("base64");
      const expiresAt = now() + duration * 1000;
      const roleId = target.id;
      const assumedArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
      sessions.set(accessKeyId, { arn: assumedArn, account: account!, userId: `${roleId}:${sessionName}`, secretAccessKey, expiresAt });
      const tags = [...p.keys()].filter((k) => /^Tags\.member\.\d+\.Key$/.test(k)).length;
      const packed = Math.min(100, 6 + tags * 4);
      return {
        ns: STS_NS,
        body:
          `<AssumeRoleResult>${sourceIdentity ? `<SourceIdentity>${xml(sourceIdentity)}</SourceIdentity>` : ""}` +
          `<AssumedRoleUser><AssumedRoleId>${xml(`${roleId}:${sessionName}`)}</AssumedRoleId><Arn>${xml(assumedArn)}</Arn></AssumedRoleUser>` +
          `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${xml(secretAccessKey)}</SecretAccessKey><SessionToken>${xml(sessionToken)}</SessionToken><Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
          `<PackedPolicySize>${packed}</PackedPolicySize></AssumeRoleResult>`,
      };
    },
    CreateRole: (p, req) => {
      caller(req);
      const name = p.get("RoleName") ?? "";
      if (!ROLE_NAME.test(name)) throw new AwsError(400, "ValidationError", "1 validation error detected: Value at 'roleName' failed to satisfy constraint");
      if (roles.has(name)) throw new AwsError(409, "EntityAlreadyExists", `Role with name ${name} already exists.`);
      const path = p.get("Path") || "/";
      const created: Role = {
        name,
        path,
        id: id("AROA"),
        arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
        trustPolicy: p.get("AssumeRolePolicyDocument") ?? "{}",
        maxSessionDuration: Number(p.get("MaxSessionDuration") ?? 3600),
        createdAt: new Date(now()),
        policies: new Map(),
      };
      roles.set(name, created);
      return { ns: IAM_NS, body: `<CreateRoleResult>${roleXml(created)}</CreateRoleResult>` };
    },
    GetRole: (p, req) => {
      caller(req);
      return { ns: IAM_NS, body: `<GetRoleResult>${roleXml(role(p.get("RoleName") ?? undefined))}</GetRoleResult>` };
    },
    GetRolePolicy: (p, req) => {
      caller(req);
      const r = role(p.get("RoleName") ?? undefined);
      const name = p.get("PolicyName") ?? "";
      const document = r.policies.get(name);
      if (document === undefined) throw new AwsError(404, "NoSuchEntity", `The role policy with name ${name} cannot be found.`);
      return {
        ns: IAM_NS,
        body: `<GetRolePolicyResult><RoleName>${xml(r.name)}</RoleName><PolicyName>${xml(name)}</PolicyName><PolicyDocument>${xml(encodeURIComponent(document))}</PolicyDocument></GetRolePolicyResult>`,
      };
    },
    PutRolePolicy: (p, req) => {
      caller(req);
      const r = role(p.get("RoleName") ?? undefined);
      const document = p.get("PolicyDocument") ?? "";
      try {
        JSON.parse(document);
      } catch {
        throw new AwsError(400, "MalformedPolicyDocument", "Syntax errors in policy.");
      }
      r.policies.set(p.get("PolicyName") ?? "", document);
      return { ns: IAM_NS, body: "" };
    },
    DeleteRolePolicy: (p, req) => {
      caller(req);
      const r = role(p.get("RoleName") ?? undefined);
      const name = p.get("PolicyName") ?? "";
      if (!r.policies.delete(name)) throw new AwsError(404, "NoSuchEntity", `The role policy with name ${name} cannot be found.`);
      return { ns: IAM_NS, body: "" };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let ns = STS_NS;
    try {
      if (req.method === "GET" && (req.url === "/" || req.url === "/moto-api/")) {
        res.end("Frontdesk's built-in AWS stand-in (STS, IAM)\n");
        return;
      }
      if (req.method !== "POST") throw new AwsError(405, "InvalidAction", "Only POST is supported.");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const action = params.get("Action") ?? "";
      ns = params.get("Version") === "2010-05-08" ? IAM_NS : STS_NS;
      calls.push(action);
      const handler = actions[action];
      if (!handler)
        throw new AwsError(400, "InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`);
      const result = handler(params, req);
      res.writeHead(200, { "Content-Type": "text/xml", "x-amzn-RequestId": requestId });
      const name = `${action}Response`;
      const inner = result.body || "";
      res.end(`<${name} xmlns="${result.ns}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}>`);
    } catch (error) {
      const e =
        error instanceof AwsError ? error : new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error.", "Receiver");
      res.writeHead(e.status, { "Content-Type": "text/xml", "x-amzn-RequestId": requestId });
      res.end(
        `<ErrorResponse xmlns="${ns}"><Error><Type>${e.type}</Type><Code>${e.code}</Code><Message>${xml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const chosen = await listen(server, port, "AWS stand-in");
  return { url: `http://${LOOPBACK}:${chosen}`, calls, stop: () => closeServer(server) };
}
