-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "orderGroup" TEXT,
ADD COLUMN     "orderKey" BIGINT,
ADD COLUMN     "orderLane" TEXT;

-- CreateTable
CREATE TABLE "IssuanceIntent" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "IssuanceKind" NOT NULL,
    "sessionName" TEXT NOT NULL,
    "sourceIdentity" TEXT NOT NULL,
    "durationSeconds" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "issuanceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "IssuanceIntent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryRecord" (
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SENDING',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "inDoubtSince" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "DeliveryRecord_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "IssuanceIntent_issuanceId_key" ON "IssuanceIntent"("issuanceId");

-- CreateIndex
CREATE INDEX "IssuanceIntent_requestId_idx" ON "IssuanceIntent"("requestId");

-- CreateIndex
CREATE INDEX "IssuanceIntent_status_createdAt_idx" ON "IssuanceIntent"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Job_orderGroup_status_idx" ON "Job"("orderGroup", "status");
