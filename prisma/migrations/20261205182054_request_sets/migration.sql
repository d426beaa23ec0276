-- AlterTable
ALTER TABLE "AccessRequest" ADD COLUMN     "setId" TEXT,
ADD COLUMN     "setIndex" INTEGER;

-- CreateTable
CREATE TABLE "RequestSet" (
    "id" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "clientKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FavouriteRole" (
    "userId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FavouriteRole_pkey" PRIMARY KEY ("userId","roleId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RequestSet_requesterId_clientKey_key" ON "RequestSet"("requesterId", "clientKey");

-- CreateIndex
CREATE INDEX "AccessRequest_setId_idx" ON "AccessRequest"("setId");

-- AddForeignKey
ALTER TABLE "RequestSet" ADD CONSTRAINT "RequestSet_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FavouriteRole" ADD CONSTRAINT "FavouriteRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_setId_fkey" FOREIGN KEY ("setId") REFERENCES "RequestSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;
