-- CreateTable
CREATE TABLE "ImageReview" (
    "imageId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'needed',
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedVia" TEXT,
    "decidedByApiKeyId" UUID,

    CONSTRAINT "ImageReview_pkey" PRIMARY KEY ("imageId")
);

-- CreateIndex
CREATE INDEX "ImageReview_ownerId_state_createdAt_idx" ON "ImageReview"("ownerId", "state", "createdAt");

-- AddForeignKey
ALTER TABLE "ImageReview" ADD CONSTRAINT "ImageReview_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;
