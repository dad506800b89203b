-- CreateEnum
CREATE TYPE "RetentionMode" AS ENUM ('delete_after_processing', 'days', 'keep');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "analyticsOptOut" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "deleteResults" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "marketingOptOut" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "retentionDays" INTEGER,
ADD COLUMN     "retentionMode" "RetentionMode" NOT NULL DEFAULT 'keep';

-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TaggingResult" ADD COLUMN     "keyId" TEXT NOT NULL,
DROP COLUMN "payload",
ADD COLUMN     "payload" BYTEA NOT NULL;

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "apiKeyId" UUID,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsDaily" (
    "feature" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsDaily_pkey" PRIMARY KEY ("feature","day")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletionRecord" (
    "id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UsageRecord_ownerId_createdAt_idx" ON "UsageRecord"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "UsageRecord_expiresAt_idx" ON "UsageRecord"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEvent_ownerId_createdAt_idx" ON "AuditEvent"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "Image_expiresAt_idx" ON "Image"("expiresAt");

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
