// Runs once when a server instance starts. The work lives in lib/boot.ts, loaded only in the
// Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./lib/boot");
    await boot();
  }
}
