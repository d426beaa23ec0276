// The session cookie written and read with the key kept per process must be next-auth's own
// format: cookies issued before stay valid, and next-auth's decoder reads what this one writes.
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, encodeSessionToken, sessionEncryptionKey } from "./session-token";

const secret = randomBytes(32).toString("hex");

describe("session token", () => {
  it("reads a cookie next-auth wrote, and next-auth reads one written here", async () => {
    const fromNextAuth = await encode({ token: { uid: "u1", signedInAt: 1, sv: 2 }, secret, maxAge: 600 });
    expect(await decodeSessionToken({ token: fromNextAuth, secret })).toMatchObject({ uid: "u1", signedInAt: 1, sv: 2 });
    const ours = await encodeSessionToken({ token: { uid: "u2", signedInAt: 3 }, secret, maxAge: 600 });
    const read = await decode({ token: ours, secret });
    expect(read).toMatchObject({ uid: "u2", signedInAt: 3 });
    expect(typeof read?.jti).toBe("string");
    expect((read?.exp as number) - (read?.iat as number)).toBe(600);
  });

  it("derives the key once per secret", async () => {
    expect(await sessionEncryptionKey(secret)).toBe(await sessionEncryptionKey(secret));
    expect(await sessionEncryptionKey(secret)).not.toEqual(await sessionEncryptionKey(randomBytes(32).toString("hex")));
  });

  it("refuses a token under another secret, a tampered one and an expired one", async () => {
    const token = await encodeSessionToken({ token: { uid: "u1" }, secret, maxAge: 600 });
    await expect(decodeSessionToken({ token, secret: "another secret" })).rejects.toThrow();
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
    const expired = await encodeSessionToken({ token: { uid: "u1" }, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: "", secret })).toBeNull();
  });
});
