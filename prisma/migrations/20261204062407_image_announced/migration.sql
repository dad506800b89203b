-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "announcedAt" TIMESTAMP(3);

-- Outcomes recorded before this column existed were announced when they were recorded.
UPDATE "Image" SET "announcedAt" = "finishedAt" WHERE "status" IN ('done', 'failed');
