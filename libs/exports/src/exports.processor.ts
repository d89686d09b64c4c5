import { Injectable } from '@nestjs/common';
import { JobName, OnJob } from '@rca/shared';
import { Job } from 'bullmq';
import { ExportsService } from './exports.service';

@Injectable()
export class ExportsProcessor {
  constructor(private readonly exports: ExportsService) {}

  @OnJob(JobName.ExportPush)
  push(job: Job<{ runId: string }>) {
    return this.exports.push(job.data.runId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
  }
}
