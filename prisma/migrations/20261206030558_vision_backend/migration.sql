-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "builtInModelsOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "vision" BOOLEAN NOT NULL DEFAULT true;
