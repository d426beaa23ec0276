// The statements both bare servers run (scripts/bench/ceiling-server.ts and the bare Next.js app in
// scripts/bench/next-floor): the same request insert and queue read Frontdesk's create and
// approvals page make at the database, so the three are compared on the same work.
export const INSERT = `INSERT INTO "AccessRequest" (id, "requesterId", "accountId", "roleId", "ruleId", justification, "durationSeconds", "createdAt")
  VALUES ($1, $2, '123456789012', 'dev', 'bench-dev', $3, 3600, now()) RETURNING id, status`;
export const QUEUE = `SELECT id, "requesterId", "roleId", justification, "createdAt" FROM "AccessRequest"
  WHERE status = 'PENDING' AND "ruleId" = 'bench-dev' ORDER BY "createdAt" LIMIT 50`;
