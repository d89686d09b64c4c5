import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access, Actor, ParseInt4Pipe } from '@rca/shared';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ActionItemActivityPageDto,
  ActionItemDto,
  CursorQueryDto,
  VersionQueryDto,
  ActionItemPageDto,
  ActionItemQueryDto,
  CreateActionItemDto,
  DiffQueryDto,
  EditPostmortemDto,
  PostmortemDto,
  PostmortemPageDto,
  PostmortemQueryDto,
  RenderedQueryDto,
  ReviewDto,
  RevisionQueryDto,
  UpdateActionItemDto,
  VersionedActionDto,
} from './postmortem.dto';
import {
  DiffDto,
  DraftResultDto,
  PolicyInForceDto,
  RenderedDto,
  ReviewRecordDto,
  ReviewResultDto,
  RevisionDto,
  RevisionPageDto,
} from './postmortem-responses.dto';
import { PostmortemService } from './postmortem.service';
import { RcaDraftService } from './rca-draft.service';
import { DeadlineSchedulerService } from './deadline-scheduler.service';

@ApiTags('postmortems')
@Controller()
export class PostmortemController {
  constructor(
    private readonly postmortems: PostmortemService,
    private readonly drafts: RcaDraftService,
    private readonly deadlines: DeadlineSchedulerService,
  ) {}

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/deadline-policy')
  @ApiOperation({ summary: 'The deadline policy in force (stored, or the built-in default)' })
  @ApiOkResponse({ type: PolicyInForceDto })
  async policyInForce(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.postmortems.get(id, principal);
    return this.deadlines.policyInForce(id);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems')
  @ApiOperation({ summary: 'List postmortems (filter by incident, status, team)' })
  @ApiOkResponse({ type: PostmortemPageDto })
  list(@Query() query: PostmortemQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.postmortems.list(
      {
        status: query.status,
        team: query.team,
        severity: query.severity,
        incidentId: query.incidentId,
      },
      query.cursor,
      query.limit,
      principal,
    );
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id')
  @ApiOperation({ summary: 'Get one postmortem with its sections' })
  @ApiOkResponse({ type: PostmortemDto })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.postmortems.get(id, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('incidents/:incidentId/postmortem')
  @ApiOperation({ summary: 'Get the postmortem of an incident' })
  @ApiOkResponse({ type: PostmortemDto })
  ofIncident(
    @Param('incidentId', ParseUUIDPipe) incidentId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.getByIncident(incidentId, principal);
  }

  /** Creates the draft or regenerates its generated sections now; edited sections are kept and listed. */
  @Access('responder', 'write:postmortems')
  @Post('incidents/:incidentId/postmortem/draft')
  @ApiOperation({
    summary: 'Draft the RCA now, or regenerate its generated sections (edited ones are kept)',
  })
  @ApiCreatedResponse({ type: DraftResultDto })
  draft(
    @Param('incidentId', ParseUUIDPipe) incidentId: string,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.drafts.generate(incidentId, { force: true, author: actor, viewer: principal });
  }

  /** A save: send the version you read; 409 with the current revision when someone saved first. */
  @Access('responder', 'write:postmortems')
  @Patch('postmortems/:id')
  @ApiOperation({
    summary: "Save a postmortem's sections, title, owner or reviewers (send the version you read)",
  })
  @ApiOkResponse({ type: PostmortemDto })
  edit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EditPostmortemDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.edit(id, { ...body, author: actor }, principal);
  }

  @Access('responder', 'write:postmortems')
  @Post('postmortems/:id/submit')
  @ApiOperation({ summary: 'Submit a draft for review' })
  @ApiCreatedResponse({ type: PostmortemDto })
  submit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VersionedActionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.submit(id, body.version, actor, principal);
  }

  @Access('manager', 'write:postmortems')
  @Post('postmortems/:id/reviews')
  @ApiOperation({ summary: 'Review a postmortem: approve or request changes, with the checklist' })
  @ApiCreatedResponse({ type: ReviewResultDto })
  review(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReviewDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.review(id, { ...body, reviewer: actor }, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/reviews')
  @ApiOperation({ summary: "List a postmortem's reviews" })
  @ApiOkResponse({ type: [ReviewRecordDto] })
  reviews(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.postmortems.reviews(id, principal);
  }

  @Access('manager', 'write:postmortems')
  @Post('postmortems/:id/publish')
  @ApiOperation({ summary: 'Publish an approved postmortem (exports follow)' })
  @ApiCreatedResponse({ type: PostmortemDto })
  publish(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VersionedActionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.publish(id, body.version, actor, principal);
  }

  @Access('responder', 'write:postmortems')
  @Post('postmortems/:id/reopen')
  @ApiOperation({ summary: 'Reopen a published postmortem as a new draft revision' })
  @ApiCreatedResponse({ type: PostmortemDto })
  reopen(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VersionedActionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.reopen(id, body.version, actor, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/revisions')
  @ApiOperation({ summary: "List a postmortem's revisions" })
  @ApiOkResponse({ type: RevisionPageDto })
  revisions(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: RevisionQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.revisions(id, query.cursor, query.limit, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/revisions/:number')
  @ApiOperation({ summary: 'Get one revision of a postmortem' })
  @ApiOkResponse({ type: RevisionDto })
  revision(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('number', new ParseInt4Pipe(1)) number: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.revision(id, number, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/diff')
  @ApiOperation({ summary: 'Per-section differences between two revisions' })
  @ApiOkResponse({ type: DiffDto })
  diff(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DiffQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.diff(id, query.from, query.to, query.mode ?? 'unified', principal);
  }

  /** Sanitised HTML rendered by the shared markdown configuration. */
  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/rendered')
  @ApiOperation({
    summary: 'A postmortem as sanitised HTML, rendered by the shared Markdown configuration',
  })
  @ApiOkResponse({ type: RenderedDto })
  rendered(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: RenderedQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.rendered(id, query.audience ?? 'internal', principal);
  }

  @Access('responder', 'write:postmortems')
  @Post('postmortems/:id/action-items')
  @ApiOperation({ summary: 'Add an action item to a postmortem' })
  @ApiCreatedResponse({ type: ActionItemDto })
  addActionItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateActionItemDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.addActionItem(id, body, actor, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/action-item-activity')
  @ApiOperation({ summary: 'Who created, changed or deleted the action items, newest first' })
  @ApiOkResponse({ type: ActionItemActivityPageDto })
  actionItemActivity(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CursorQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.actionItemActivity(id, query.cursor, query.limit, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/action-items')
  @ApiOperation({ summary: "List a postmortem's action items" })
  @ApiOkResponse({ type: ActionItemPageDto })
  actionItemsOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ActionItemQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.postmortems.listActionItems(
      { ...this.filters(query), postmortemId: id },
      query.cursor,
      query.limit,
      principal,
      { ofPostmortem: true },
    );
  }

  @Access('viewer', 'read:postmortems')
  @Get('action-items')
  @ApiOperation({
    summary: 'List action items across postmortems (filter by owner, status, team, overdue)',
  })
  @ApiOkResponse({ type: ActionItemPageDto })
  actionItems(@Query() query: ActionItemQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.postmortems.listActionItems(
      this.filters(query),
      query.cursor,
      query.limit,
      principal,
    );
  }

  @Access('responder', 'write:postmortems')
  @Patch('action-items/:id')
  @ApiOkResponse({ type: ActionItemDto })
  @ApiOperation({ summary: 'Edit an action item (send the version you read)' })
  updateActionItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateActionItemDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { version, ...patch } = body;
    return this.postmortems.updateActionItem(id, version, patch, actor, principal);
  }

  @Access('responder', 'write:postmortems')
  @Delete('action-items/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an action item (?version= the version you read)' })
  @ApiNoContentResponse()
  async deleteActionItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: VersionQueryDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.postmortems.deleteActionItem(id, query.version, actor, principal);
  }

  private filters(query: ActionItemQueryDto) {
    return {
      postmortemId: query.postmortemId,
      status: query.status,
      ownerEmail: query.owner,
      ownerId: query.ownerId,
      type: query.type,
      priority: query.priority,
      team: query.team,
      overdueOn: query.overdue === 'true' ? new Date().toISOString().slice(0, 10) : undefined,
    };
  }
}
