import { SetMetadata } from '@nestjs/common';
import { JobName } from './queue.constants';

export const ON_JOB_METADATA = 'rca:on-job';

/** Marks a provider method as the one handler of `name`. It receives the BullMQ job. */
export const OnJob = (name: JobName) => SetMetadata(ON_JOB_METADATA, name);
