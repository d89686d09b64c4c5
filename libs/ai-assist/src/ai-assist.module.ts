import { Module } from '@nestjs/common';
import { AiAssistController } from './ai-assist.controller';
import { AiAssistRepository } from './ai-assist.repository';
import { AiAssistService } from './ai-assist.service';

/** AI-suggested postmortem prose, off unless an admin configures it (docs/ai-assist.md). */
@Module({
  controllers: [AiAssistController],
  providers: [AiAssistRepository, AiAssistService],
  exports: [AiAssistService],
})
export class AiAssistModule {}
