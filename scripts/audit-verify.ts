// `npm run audit:verify [-- --from-seq N --from-hash H] [-- --database-url URL]`: recomputes the
// audit hash chain and names the first broken link. Exit 0 intact, 1 broken, 2 could not check.
// Starting from a published anchor also catches a rewrite of the whole table.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { verifyChain, type ChainAnchor } from "@/lib/audit/verify-chain";
import { disconnectDb, getDb } from "@/lib/db/client";
import { getDatabaseConfig } from "@/lib/env";

const USAGE = "usage: npm run audit:verify -- [--from-seq N --from-hash HEX] [--database-url postgresql://…]";

function parseOptions(): { anchor?: ChainAnchor; databaseUrl?: string } {
  const { values } = parseArgs({
    options: { "from-seq": { type: "string" }, "from-hash": { type: "string" }, "database-url": { type: "string" } },
  });
  const seq = values["from-seq"];
  const hash = values["from-hash"];
  if ((seq === undefined) !== (hash === undefined)) throw new Error(`--from-seq and --from-hash go together\n${USAGE}`);
  if (seq !== undefined && !/^\d+$/.test(seq)) throw new Error(`--from-seq must be a row number\n${USAGE}`);
  if (hash !== undefined && !/^[0-9a-f]{64}$/.test(hash)) throw new Error(`--from-hash must be 64 hex digits\n${USAGE}`);
  return {
    anchor: seq !== undefined && hash !== undefined ? { seq: Number(seq), hash } : undefined,
    databaseUrl: values["database-url"],
  };
}

async function main(): Promise<void> {
  const { anchor, databaseUrl } = parseOptions();
  const db = await getDb(databaseUrl ? getDatabaseConfig({ DATABASE_URL: databaseUrl }) : undefined);
  const started = performance.now();
  const result = await verifyChain(db, { fromAnchor: anchor });
  const seconds = (performance.now() - started) / 1000;

  const from = anchor ? `from the anchor at row ${anchor.seq}` : "from the genesis";
  if (result.ok) {
    console.log(`Audit chain intact ${from}: ${count(result.checked)} events checked.`);
    console.log(`Head: seq ${result.headSeq} hash ${result.headHash}`);
  } else {
    console.log(`Audit chain BROKEN at row ${result.firstBroken?.seq}: ${result.firstBroken?.reason}.`);
    console.log(`Intact before it (${from}): ${count(result.checked)} events, up to seq ${result.headSeq} hash ${result.headHash}`);
  }
  const rate = seconds > 0 ? Math.round(result.checked / seconds) : result.checked;
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`Took ${seconds.toFixed(2)} s: ${count(rate)} events/s, peak RSS ${peakMiB} MiB.`);
  process.exitCode = result.ok ? 0 : 1;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

main()
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `audit:verify could not check the chain: ${message
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .join(" ")}`,
    );
    process.exitCode = 2;
  })
  .finally(() => disconnectDb());
