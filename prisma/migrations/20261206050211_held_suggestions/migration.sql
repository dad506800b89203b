-- CreateTable
CREATE TABLE "HeldSuggestion" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "imageId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'held',
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "payload" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "HeldSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HeldSuggestion_imageId_key" ON "HeldSuggestion"("imageId");

-- CreateIndex
CREATE INDEX "HeldSuggestion_ownerId_connectionId_state_idx" ON "HeldSuggestion"("ownerId", "connectionId", "state");

-- AddForeignKey
ALTER TABLE "HeldSuggestion" ADD CONSTRAINT "HeldSuggestion_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldSuggestion" ADD CONSTRAINT "HeldSuggestion_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
