// A process that opens an embedded database folder and keeps writing to it, for the tests that
// play two Frontdesk processes on one folder and a crash. Prints "OPEN <users>" once open (with the
// number of rows it found), "REFUSED <message>" and exit code 3 when the folder is refused. Stops
// cleanly on "stop" from stdin.
import { disconnectDb, getDb } from "@/lib/db/client";
import { EmbeddedDatabaseInUseError } from "@/lib/db/embedded-lock";

const [dir, label = `holder-${process.pid}`] = process.argv.slice(2);
if (!dir) {
  console.error("usage: embedded-holder <data dir> [label]");
  process.exit(2);
}

try {
  const db = await getDb({ FRONTDESK_DATA_DIR: dir });
  const before = await db.user.count();
  let n = 0;
  const write = () =>
    db.user.create({ data: { issuer: "https://holder.test", subject: `${label}-${n++}`, email: `${label}-${n}@example.test`, name: label, groups: [] } });
  await write();
  console.log(`OPEN ${before}`);
  let stopping = false;
  const loop = async () => {
    while (!stopping) {
      await write();
      // PGlite answers without a turn of the event loop: give the lock's timer its turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const writing = loop();
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    if (!chunk.includes("stop") || stopping) return;
    stopping = true;
    void writing
      .then(() => disconnectDb())
      .then(() => {
        console.log("STOPPED");
        process.exit(0);
      });
  });
} catch (error) {
  if (error instanceof EmbeddedDatabaseInUseError) {
    console.log(`REFUSED ${error.message}`);
    process.exit(3);
  }
  console.log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
  process.exit(4);
}
