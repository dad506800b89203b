-- CreateTable
CREATE TABLE "ImageHistoryEntry" (
    "id" BIGSERIAL NOT NULL,
    "imageId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "engine" TEXT,
    "language" TEXT,
    "connector" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImageHistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImageHistoryEntry_ownerId_imageId_at_idx" ON "ImageHistoryEntry"("ownerId", "imageId", "at");

-- AddForeignKey
ALTER TABLE "ImageHistoryEntry" ADD CONSTRAINT "ImageHistoryEntry_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;
