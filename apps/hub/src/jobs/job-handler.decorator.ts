import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-types';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** Marks a service method as the handler of a job; discovered at boot by JobRegistry. */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);
