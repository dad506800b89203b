import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { finishDocument } from './common/openapi';
import { jsonKeepingRawBody, urlencodedKeepingRawBody } from './common/raw-body';
import { HUB_CONFIG } from './config/config.module';
import { SLACK_FORM_ROUTE } from './connectors/slack/slack-events.controller';
import { HubLogger } from './logging';
import { serveDashboard } from './dashboard/serve-dashboard';
import type { HubConfig } from './config/config.schema';

/**
 * Everything main.ts and the end-to-end tests set up the same way on the HTTP app. The app must be created with
 * `bodyParser: false` (Nest would otherwise add a form parser for every route): the parsers are chosen here.
 */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(HubLogger));
  app.use(cookieParser());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.disable('x-powered-by');
  // Behind a reverse proxy the client address (for per-IP sign-in limits) comes from X-Forwarded-For.
  if (app.get<HubConfig>(HUB_CONFIG).TAGPHOTO_TRUST_PROXY) app.set('trust proxy', 1);
  // Browser clients on other origins (the Figma plugin's iframe has origin "null") call the API with bearer keys.
  // Never with credentials: a cross-site page cannot ride on a dashboard session cookie.
  app.enableCors({
    origin: '*',
    credentials: false,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  });
  // JSON is the one body type parsed everywhere. Form posts are parsed (and their bytes kept for the signature)
  // on Slack's command route only, so no other route, signed or cookie-authenticated, ever reads a form.
  app.use(jsonKeepingRawBody('100kb'));
  app.use(SLACK_FORM_ROUTE, urlencodedKeepingRawBody('100kb'));
  serveDashboard(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      // 3.1: its schemas are JSON Schema 2020-12, the dialect zod's toJSONSchema emits (`const`, `anyOf` with null).
      .setOpenAPIVersion('3.1.0')
      .setTitle('TagPhoto hub')
      .setDescription(
        'Tag images with local AI models: tags, title, description, alt text, OCR text, objects, colours, safety, faces.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (tpk_…)' })
      .addCookieAuth('tagphoto_session')
      .build(),
  );
  SwaggerModule.setup('docs', app, finishDocument(document));
}
