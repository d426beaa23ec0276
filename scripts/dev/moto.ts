// Starts the moto AWS emulator (STS and IAM) for the demo and the tests.
import { LOOPBACK, answersHttp, assertPortFree, findFreePort, waitUntil } from "./net";
import { spawnGroup, type ExitInfo } from "./process";

export interface MotoOptions {
  /** 0 picks a free port. */
  port: number;
  /** The moto server executable; overridable so the missing-binary path can be tested. */
  command?: string;
  readyTimeoutMs?: number;
}

export interface Moto {
  url: string;
  /** Settles if moto exits, including after stop(): lets a launcher notice a crash. */
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

export async function startMoto({ port, command = "moto_server", readyTimeoutMs = 30_000 }: MotoOptions): Promise<Moto> {
  const chosen = port === 0 ? await findFreePort() : port;
  await assertPortFree(chosen, "moto");

  const child = await spawnGroup(command, ["-p", String(chosen), "-H", LOOPBACK], { label: "moto", output: "capture" });
  const url = `http://${LOOPBACK}:${chosen}`;
  try {
    await waitUntil(`moto on ${url}`, () => answersHttp(`${url}/moto-api/`), {
      timeoutMs: readyTimeoutMs,
      failed: () => {
        if (!child.hasExited()) return undefined;
        // A pyenv shim without moto installed, or a port grabbed between our check and moto's bind.
        return `moto_server exited before answering. Its output:\n${child.outputTail() || "(none)"}`;
      },
    });
  } catch (error) {
    await child.stop();
    throw error;
  }

  return { url, exited: child.exited, stop: () => child.stop() };
}
