// The API's wire shapes. Inputs reuse the forms' schemas (one schema per operation); the OpenAPI
// document is generated from these same objects.
import { z } from "zod";
import { decisionSchema, newRequestSchema, newRequestSetSchema } from "@/lib/requests/request-input";

/** One request for one or several roles: the form's fields and limits, the roles named `roles`. */
export const createRequestsBody = newRequestSetSchema.omit({ roleIds: true, breakGlass: true }).extend({
  roles: newRequestSetSchema.shape.roleIds,
});

export const extendBody = newRequestSchema.pick({ justification: true, durationMinutes: true, ticket: true, clientKey: true });

export const decisionBody = decisionSchema.pick({ comment: true });

export const listQuery = z.object({
  cursor: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const waitQuery = z.object({ timeout: z.coerce.number().int().min(0).max(55).default(25) });

export const rolesQuery = z.object({ search: z.string().max(100).optional() });

export const deviceBody = z.object({
  client_name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[\x20-\x7e]+$/, "A device name is plain printable text.")
    .default("terminal"),
  code_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
  code_challenge_method: z.literal("S256").optional(),
});

export const tokenBody = z.discriminatedUnion("grant_type", [
  z.object({
    grant_type: z.literal("urn:ietf:params:oauth:grant-type:device_code"),
    device_code: z.string().max(200),
    code_verifier: z.string().min(43).max(128).optional(),
  }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string().max(200) }),
  z.object({
    grant_type: z.literal("authorization_code"),
    code: z.string().max(200),
    code_verifier: z.string().min(43).max(128),
    redirect_uri: z.string().max(200),
  }),
]);

export const revokedShape = z.object({ revoked: z.boolean() });

export const consoleShape = z.object({ url: z.string() });

const isoDate = z.iso.datetime();

export const errorShape = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fieldErrors: z.record(z.string(), z.string()),
    link: z.object({ href: z.string(), label: z.string() }).nullable(),
  }),
});

export const requestShape = z.object({
  id: z.string(),
  status: z.enum(["PENDING", "APPROVED", "ACTIVE", "ENDED", "DENIED", "CANCELLED", "EXPIRED", "REVOKED"]),
  kind: z.string(),
  roleId: z.string(),
  roleName: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  requester: z.object({ email: z.string(), name: z.string() }),
  justification: z.string(),
  ticket: z.string().nullable(),
  durationSeconds: z.number(),
  approvals: z.object({ count: z.number(), required: z.number(), remaining: z.number() }),
  createdAt: isoDate,
  startsAt: isoDate.nullable(),
  endsAt: isoDate.nullable(),
  closeReason: z.string().nullable(),
  /** Roles asked for together: each with its own grant (its request id); null for a request of one role. */
  setId: z.string().nullable(),
  roles: z.array(
    z.object({
      requestId: z.string(),
      roleId: z.string(),
      roleName: z.string(),
      accountId: z.string(),
      accountName: z.string(),
      status: z.string(),
      endsAt: isoDate.nullable(),
    }),
  ),
});

export const requestListShape = z.object({ items: z.array(requestShape), nextCursor: z.string().nullable() });

export const roleShape = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  maxDurationSeconds: z.number(),
});

export const credentialsShape = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string(),
  expiration: isoDate,
  roleArn: z.string(),
  profileName: z.string(),
});

export const tokensShape = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number(),
});

export const deviceShape = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});

export const meShape = z.object({
  deviceId: z.string(),
  id: z.string(),
  email: z.string(),
  name: z.string(),
  groups: z.array(z.string()),
  authTime: isoDate.nullable(),
  mfa: z.boolean(),
});

export const deviceListShape = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      deviceName: z.string(),
      person: z.object({ email: z.string(), name: z.string() }),
      createdAt: isoDate,
      lastUsedAt: isoDate.nullable(),
      expiresAt: isoDate,
      current: z.boolean(),
    }),
  ),
});
