import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config/config.schema';
import { AccountDeletionService, DeletionReason } from './modules/account/account-deletion.service';
import { AccountRepository } from './modules/auth/account.repository';
import { ImageSearchIndex } from './modules/images/image-search-index.service';
import { KeyRotationService } from './modules/privacy/key-rotation.service';

const USAGE = `Operator commands (run where the hub's configuration is set):
  operator delete-account --email <email> [--reason child|operator]
      Deletes the account and everything of it at once; records only that a deletion happened and why.
  operator rewrap-keys
      After rotating TAGPHOTO_MASTER_KEY (old key in TAGPHOTO_PREVIOUS_MASTER_KEYS): re-wraps every stored
      object's data key with the current master key, without decrypting image bytes, then re-indexes search.
  operator reindex-search
      Hashes every result's search terms anew under the current master key (results stored before search
      existed become searchable).`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const [command] = args;
  if (!['delete-account', 'rewrap-keys', 'reindex-search'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = { ...loadConfig(), HUB_ROLE: 'api' as const, LOG_LEVEL: 'warn' as const };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    if (command === 'rewrap-keys') {
      const counts = await app.get(KeyRotationService).rewrapAll();
      process.stdout.write(
        `re-wrapped: ${Object.entries(counts)
          .map(([what, count]) => `${what} ${count}`)
          .join(', ')}\n`,
      );
      return 0;
    }
    if (command === 'reindex-search') {
      process.stdout.write(`re-indexed: ${await app.get(ImageSearchIndex).rebuild()} results\n`);
      return 0;
    }
    const email = option(args, 'email');
    const reason = (option(args, 'reason') ?? 'operator') as DeletionReason;
    if (!email || !['child', 'operator'].includes(reason)) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const account = await app.get(AccountRepository).findByEmail(email.trim().toLowerCase());
    if (!account || !(await app.get(AccountDeletionService).delete(account.id, reason))) {
      process.stderr.write('no account with that email\n');
      return 1;
    }
    process.stdout.write('account deleted\n');
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
