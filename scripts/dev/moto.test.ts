import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

import { startMoto } from "./moto";
import { LOOPBACK, answersHttp, assertPortFree, findFreePort } from "./net";

describe("startMoto", () => {
  it("starts moto on 127.0.0.1, serves STS, and stops it completely", async () => {
    const moto = await startMoto({ port: 0 });
    const port = Number(new URL(moto.url).port);
    try {
      expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sts = new STSClient({
        region: "us-east-1",
        endpoint: moto.url,
        maxAttempts: 1,
        credentials: { accessKeyId: "AKIAMOTOTEST", secretAccessKey: "moto-test-secret" },
      });
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toMatch(/^\d{12}$/);
    } finally {
      await moto.stop();
    }
    expect(await moto.exited).toBeDefined();
    expect(await answersHttp(moto.url, 500)).toBe(false);
    await expect(assertPortFree(port, "moto")).resolves.toBeUndefined();
  });

  it("says which port is taken", async () => {
    const port = await findFreePort();
    const squatter = createServer().listen(port, LOOPBACK);
    await new Promise((resolve) => squatter.once("listening", resolve));
    try {
      await expect(startMoto({ port })).rejects.toThrow(`Port ${port} (moto) is already in use`);
    } finally {
      squatter.close();
    }
  });

  it("says when the moto executable is missing", async () => {
    await expect(startMoto({ port: 0, command: "moto_server_that_does_not_exist" })).rejects.toThrow('"moto_server_that_does_not_exist" was not found on PATH');
  });
});
