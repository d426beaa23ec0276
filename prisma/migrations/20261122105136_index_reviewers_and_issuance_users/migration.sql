-- CreateIndex
CREATE INDEX "Issuance_userId_idx" ON "Issuance"("userId");

-- CreateIndex
CREATE INDEX "Review_reviewerId_idx" ON "Review"("reviewerId");
