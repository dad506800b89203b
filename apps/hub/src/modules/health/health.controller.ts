import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { openApiSchema } from '../../common/openapi';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { VISION_BACKEND, type VisionBackend } from '../vision/vision.module';

const componentHealthSchema = z.object({
  status: z.enum(['up', 'down']),
  kind: z.string(),
  /** Why it is down, as a code only: driver messages name hosts, ports and users, and /health is public. */
  error: z.enum(['timeout', 'unreachable']).optional(),
});
type ComponentHealth = z.infer<typeof componentHealthSchema>;

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  role: z.string(),
  database: componentHealthSchema,
  queue: componentHealthSchema,
  /** The vision backend's model and circuit state; null when none is configured. */
  vision: z.looseObject({ model: z.string(), circuit: z.string() }).nullable(),
});

const PROBE_TIMEOUT_MS = 2000;
const logger = new Logger('health');

class ProbeTimeout extends Error {}

async function probe(kind: string, check: () => Promise<void>): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout()), PROBE_TIMEOUT_MS))),
    ]);
    return { status: 'up', kind };
  } catch (error) {
    if (!(error instanceof ProbeTimeout))
      logger.warn(`${kind} health probe failed: ${error instanceof Error ? error.message : String(error)}`);
    return { status: 'down', kind, error: error instanceof ProbeTimeout ? 'timeout' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness in one: 200 when the database and the queue answer, 503 otherwise. The vision backend's
 * circuit is shown but never makes the hub unhealthy: without it the built-in models serve alone. Only its model
 * name and call state are shown, never its URL, key or failure text (this route needs no sign-in).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(VISION_BACKEND) private readonly vision: VisionBackend | null,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The database and the queue answer.', schema: openApiSchema(healthSchema) })
  @ApiServiceUnavailableResponse({
    description: 'The database or the queue does not answer.',
    schema: openApiSchema(healthSchema),
  })
  async health(@Res({ passthrough: true }) response: Response): Promise<object> {
    const [database, queue] = await Promise.all([
      probe(this.database.kind, () => this.database.ping()),
      probe(this.queue.kind, () => this.queue.ping()),
    ]);
    const healthy = database.status === 'up' && queue.status === 'up';
    response.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'degraded',
      role: this.config.HUB_ROLE,
      database,
      queue,
      vision: this.visionHealth(),
    };
  }

  /** API-only processes never call the backend: its state lives in the worker processes. */
  private visionHealth(): object | null {
    if (!this.vision) return null;
    if (this.config.HUB_ROLE === 'api') return { model: this.vision.captioner.model, circuit: 'in worker processes' };
    const { lastFailure: _, ...state } = this.vision.captioner.state();
    return state;
  }
}
