import { DynamicModule, Module } from '@nestjs/common';
import { CollaborationController } from './collaboration.controller';
import { CollaborationRepository } from './collaboration.repository';
import { CommentService } from './comment.service';
import { InboxService } from './inbox.service';
import { ReviewNotifierService } from './review-notifier.service';
import { DeadlineSchedulerService } from './deadline-scheduler.service';
import { ManagerController } from './manager.controller';
import { MeetingController } from './meeting.controller';
import { MeetingRepository } from './meeting.repository';
import { MeetingService } from './meeting.service';
import { PostmortemController } from './postmortem.controller';
import { PostmortemRepository } from './postmortem.repository';
import { PostmortemService } from './postmortem.service';
import { PostmortemsProcessor } from './postmortems.processor';
import { RcaDraftService } from './rca-draft.service';
import { TemplateController } from './template.controller';
import { TemplateService } from './template.service';

/** Postmortem documents, templates, the draft job, review workflow, action items and deadline reminders. */
@Module({})
export class PostmortemsModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: PostmortemsModule,
      controllers: [
        PostmortemController,
        CollaborationController,
        TemplateController,
        ManagerController,
        MeetingController,
      ],
      providers: [
        PostmortemRepository,
        PostmortemService,
        CollaborationRepository,
        CommentService,
        InboxService,
        ReviewNotifierService,
        MeetingRepository,
        MeetingService,
        TemplateService,
        RcaDraftService,
        DeadlineSchedulerService,
        ...(options.workers ? [PostmortemsProcessor] : []),
      ],
      exports: [PostmortemService, RcaDraftService, DeadlineSchedulerService],
    };
  }
}
