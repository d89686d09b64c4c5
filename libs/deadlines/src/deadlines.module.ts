import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.service';
import { DeadlinePolicyController } from './deadline-policy.controller';
import { DeadlinePolicyRepository } from './deadline-policy.repository';
import { DeadlinePolicyService } from './deadline-policy.service';

@Global()
@Module({
  controllers: [DeadlinePolicyController],
  providers: [Clock, DeadlinePolicyRepository, DeadlinePolicyService],
  exports: [Clock, DeadlinePolicyService],
})
export class DeadlinesModule {}
