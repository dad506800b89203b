import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TaggingEngine } from '@tagphoto/tagging';
import { AppModule } from './app.module';
import { ConfigError, describeConfig, type HubConfig, loadConfig } from './config/config.schema';
import { configureApp } from './configure-app';
import { HubLogger, logsForPeople } from './logging';
import { TAGGING_ENGINE } from './modules/tagging/tagging-engine.token';
import { degradedLines, readyLine } from './startup-report';

/**
 * The last thing a start prints: where the hub is, then one line per missing or unconfigured part. Plain lines
 * for a person at a terminal; log records with the same words for log collectors.
 */
function announceReady(config: HubConfig, logger: HubLogger, engine: TaggingEngine): void {
  logger.debug({ config: describeConfig(config) }, 'configuration');
  const warnings = degradedLines(config, engine.missingPacks());
  if (logsForPeople(config)) {
    process.stdout.write(`${[readyLine(config), ...warnings.map((line) => `  ${line}`)].join('\n')}\n`);
    return;
  }
  logger.log(readyLine(config));
  for (const line of warnings) logger.warn(line);
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const module = AppModule.forRoot(config);
  if (config.HUB_ROLE === 'worker') {
    const context = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    context.useLogger(context.get(HubLogger));
    context.enableShutdownHooks();
    context.get(HubLogger).log({ config: describeConfig(config) }, 'TagPhoto worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  announceReady(config, app.get(HubLogger), app.get<TaggingEngine>(TAGGING_ENGINE));
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what is wrong without a stack trace.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
