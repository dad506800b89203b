-- CreateEnum
CREATE TYPE "SearchTermKind" AS ENUM ('tag', 'word', 'review');

-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "connector" TEXT;

-- CreateTable
CREATE TABLE "ImageSearchTerm" (
    "imageId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "kind" "SearchTermKind" NOT NULL,
    "hash" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImageSearchTerm_pkey" PRIMARY KEY ("imageId","kind","hash")
);

-- CreateIndex
CREATE INDEX "ImageSearchTerm_ownerId_kind_hash_createdAt_imageId_idx" ON "ImageSearchTerm"("ownerId", "kind", "hash", "createdAt" DESC, "imageId" DESC);

-- AddForeignKey
ALTER TABLE "ImageSearchTerm" ADD CONSTRAINT "ImageSearchTerm_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;
