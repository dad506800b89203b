-- CreateTable
CREATE TABLE "ImageCallback" (
    "imageId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "callbackUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handedOffAt" TIMESTAMP(3),

    CONSTRAINT "ImageCallback_pkey" PRIMARY KEY ("imageId")
);

-- AddForeignKey
ALTER TABLE "ImageCallback" ADD CONSTRAINT "ImageCallback_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Callbacks still waiting for their image's outcome (event id "msg_<image id>") move from the deliveries to the outbox.
INSERT INTO "ImageCallback" ("imageId", "ownerId", "callbackUrl", "createdAt")
SELECT i."id", d."ownerId", d."callbackUrl", d."createdAt"
FROM "WebhookDelivery" d
JOIN "Image" i ON i."id"::text = substring(d."eventId" from 5) AND i."ownerId" = d."ownerId"
WHERE d."status" = 'awaiting_image' AND d."callbackUrl" IS NOT NULL;
DELETE FROM "WebhookDelivery" WHERE "status" = 'awaiting_image';
