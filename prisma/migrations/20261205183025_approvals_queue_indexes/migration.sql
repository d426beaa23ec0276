-- CreateIndex
CREATE INDEX "AccessRequest_status_ruleId_createdAt_idx" ON "AccessRequest"("status", "ruleId", "createdAt");

-- CreateIndex
CREATE INDEX "AccessRequest_decidedAt_ruleId_idx" ON "AccessRequest"("decidedAt", "ruleId");
