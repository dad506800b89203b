import { defineConfig } from 'prisma/config';

// The CLI is used offline for `prisma generate` only; migrations are created by tools/prisma and applied by the hub.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/tagphoto' },
});
