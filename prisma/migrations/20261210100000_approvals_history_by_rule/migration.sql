-- CreateIndex
CREATE INDEX "AccessRequest_ruleId_decidedAt_idx" ON "AccessRequest"("ruleId", "decidedAt");
