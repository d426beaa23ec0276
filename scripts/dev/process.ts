// Child processes that can always be stopped completely. Each child leads its own process group
// (detached), so stopping it also stops anything it started (next dev workers, shim wrappers), and
// Ctrl-C in a terminal reaches only our launcher, which then stops the children in order.
import { spawn, type ChildProcess } from "node:child_process";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly pid: number;
  /** Settles when the process has exited, whoever stopped it. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /** The last few kilobytes of output (only when output is captured), for error messages. */
  outputTail(): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  label: string;
  env?: NodeJS.ProcessEnv;
  /** "capture" keeps output for diagnostics only; "inherit" shows it in our terminal. */
  output: "capture" | "inherit";
}

const TAIL_BYTES = 4_096;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export async function spawnGroup(command: string, args: string[], options: SpawnOptions): Promise<ManagedProcess> {
  const child: ChildProcess = spawn(command, args, {
    detached: true,
    env: options.env ?? process.env,
    stdio: ["ignore", options.output === "inherit" ? "inherit" : "pipe", options.output === "inherit" ? "inherit" : "pipe"],
  });

  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new Error(`${options.label}: "${command}" was not found on PATH`)
          : new Error(`${options.label}: could not start "${command}": ${error.message}`),
      );
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.label}: "${command}" started without a process id`);

  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  // If our own process exits without stopping the child (a crash, process.exit elsewhere), the
  // detached group would outlive us; this synchronous hook is the last chance to prevent that.
  const killOnExit = () => signalGroup(pid, "SIGKILL");
  process.once("exit", killOnExit);

  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      process.off("exit", killOnExit);
      // Stragglers left in the group (e.g. workers of a dev server) go with their leader.
      signalGroup(pid, "SIGKILL");
      resolve({ code, signal });
    });
  });

  return {
    pid,
    exited,
    hasExited: () => done,
    outputTail: () => tail.trim(),
    async stop(graceMs = 5_000) {
      if (done) return;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
