import { CurrentPrincipal, Principal } from '@rca/accounts';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, PageQueryDto } from '@rca/shared';
import {
  CommentDto,
  CommentPageDto,
  CommentQueryDto,
  CreateCommentDto,
  InboxActionItemPageDto,
  InboxCountsDto,
  InboxMentionPageDto,
  InboxReviewPageDto,
} from './collaboration.dto';
import { CommentService } from './comment.service';
import { InboxService } from './inbox.service';

/** Comments on sections, and the signed-in person's inbox. */
@ApiTags('postmortems')
@Controller()
export class CollaborationController {
  constructor(
    private readonly comments: CommentService,
    private readonly inbox: InboxService,
  ) {}

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/comments')
  @ApiOperation({ summary: "A section's comment thread, oldest first" })
  @ApiOkResponse({ type: CommentPageDto })
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CommentQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.comments.list(id, query.section, query.cursor, query.limit, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/comment-counts')
  @ApiOperation({ summary: 'How many comments each section has' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { type: 'integer' } } })
  counts(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.comments.counts(id, principal);
  }

  /** Any signed-in role may comment (a viewer too): comments are discussion, not the document. */
  @Access('viewer', 'read:postmortems')
  @Post('postmortems/:id/comments')
  @ApiOperation({ summary: 'Comment on a section; @e-mail mentions a user (inbox + e-mail)' })
  @ApiCreatedResponse({ type: CommentDto })
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateCommentDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.comments.add(
      id,
      body,
      { userId: principal.userId, displayName: principal.displayName },
      principal,
    );
  }

  @Access('viewer', 'read:postmortems')
  @Get('inbox/counts')
  @ApiOperation({ summary: 'How much waits for me (reviews, open action items, mentions)' })
  @ApiOkResponse({ type: InboxCountsDto })
  inboxCounts(@CurrentPrincipal() principal: Principal) {
    return this.inbox.counts(principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('inbox/reviews')
  @ApiOperation({ summary: 'Postmortems waiting for my review' })
  @ApiOkResponse({ type: InboxReviewPageDto })
  inboxReviews(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.inbox.reviews(principal, query.cursor, query.limit);
  }

  @Access('viewer', 'read:postmortems')
  @Get('inbox/action-items')
  @ApiOperation({ summary: 'Open action items I own, nearest due date first' })
  @ApiOkResponse({ type: InboxActionItemPageDto })
  inboxActionItems(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.inbox.actionItems(principal, query.cursor, query.limit);
  }

  @Access('viewer', 'read:postmortems')
  @Get('inbox/mentions')
  @ApiOperation({ summary: 'Comments that mention me, newest first' })
  @ApiOkResponse({ type: InboxMentionPageDto })
  inboxMentions(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.inbox.mentions(principal, query.cursor, query.limit);
  }
}
