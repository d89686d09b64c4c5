import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@rca/shared';
import { Job } from 'bullmq';
import { VendorRcaService } from './vendor-rca.service';

@Injectable()
export class VendorRcaProcessor {
  constructor(private readonly vendorRca: VendorRcaService) {}

  @OnJob(JobName.VendorRcaPlan)
  async plan(job: Job<JobPayloads[JobName.VendorRcaPlan]>) {
    return { outcome: await this.vendorRca.plan(job.data.causeId) };
  }

  @OnJob(JobName.VendorRcaReportFound)
  reportFound(job: Job<JobPayloads[JobName.VendorRcaReportFound]>) {
    return this.vendorRca.reportFound(job.data.vendorIncidentId);
  }

  @OnJob(JobName.VendorRcaOverdue)
  async overdue(job: Job<JobPayloads[JobName.VendorRcaOverdue]>) {
    return { outcome: await this.vendorRca.overdue(job.data) };
  }
}
