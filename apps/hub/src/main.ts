import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, describeConfig, loadConfig } from './config/config.schema';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const module = AppModule.forRoot(config);
  if (config.HUB_ROLE === 'worker') {
    const context = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    context.useLogger(context.get(Logger));
    context.enableShutdownHooks();
    context.get(Logger).log({ config: describeConfig(config) }, 'TagPhoto worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log({ config: describeConfig(config) }, `TagPhoto hub listening on http://localhost:${config.PORT}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what is wrong without a stack trace.
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
