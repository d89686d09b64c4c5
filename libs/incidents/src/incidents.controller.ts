import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Actor, ApiErrorBody, PageQueryDto, Access } from '@rca/shared';
import { CauseEntity } from './cause.entity';
import { IncidentEntity } from './incident.entity';
import {
  ActivityPageDto,
  CausePageDto,
  CreateCauseDto,
  ImpactPageDto,
  ImpactViewDto,
  IncidentDetailDto,
  IncidentPageDto,
  IncidentVisibilityDto,
  TimelineEventViewDto,
  TimelineHistoryDto,
  TimelinePageDto,
  CreateImpactDto,
  CreateIncidentDto,
  CreateTimelineEventDto,
  ListIncidentsQueryDto,
  TimelineQueryDto,
  TransitionDto,
  UpdateCauseDto,
  UpdateImpactDto,
  UpdateIncidentDto,
  UpdateTimelineEventDto,
  VersionQueryDto,
} from './incidents.dto';
import { CauseService } from './cause.service';
import { ImpactService } from './impact.service';
import { IncidentService } from './incident.service';
import { TimelineEventService } from './timeline-event.service';

const REF = { name: 'ref', description: 'Incident reference (INC-2025-0042) or id' };

@ApiTags('incidents')
@ApiBadRequestResponse({ type: ApiErrorBody })
@ApiNotFoundResponse({ type: ApiErrorBody })
@ApiConflictResponse({
  type: ApiErrorBody,
  description: 'Stale version (details.currentVersion, details.current)',
})
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentService,
    private readonly impactService: ImpactService,
    private readonly timelineService: TimelineEventService,
    private readonly causeService: CauseService,
  ) {}

  @Access('viewer', 'read:incidents')
  @Get()
  @ApiOperation({ summary: 'List incidents (cursor pages; search, filters, sort)' })
  @ApiOkResponse({ type: IncidentPageDto, description: 'Newest start first by default' })
  list(@Query() query: ListIncidentsQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.incidents.listIncidents(query, principal);
  }

  @Access('responder', 'write:incidents')
  @Post()
  @ApiOperation({ summary: 'Open an incident' })
  @ApiCreatedResponse({ type: IncidentEntity })
  create(
    @Body() body: CreateIncidentDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.incidents.createIncident(body, actor, undefined, principal);
  }

  @Access('viewer', 'read:incidents')
  @Get(':ref')
  @ApiOperation({ summary: 'Get one incident by reference or id' })
  @ApiParam(REF)
  @ApiOkResponse({ type: IncidentDetailDto })
  get(@Param('ref') ref: string, @CurrentPrincipal() principal: Principal) {
    return this.incidents.getIncidentDetail(ref, principal);
  }

  @Access('responder', 'write:incidents')
  @Patch(':ref')
  @ApiOperation({
    summary: "Change an incident's title, severity, summary or labels (send the version you read)",
  })
  @ApiParam(REF)
  @ApiOkResponse({ type: IncidentEntity })
  update(
    @Param('ref') ref: string,
    @Body() body: UpdateIncidentDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.incidents.updateIncident(ref, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post(':ref/transitions')
  @ApiOperation({ summary: "Change an incident's status at an instant, with an optional note" })
  @HttpCode(200)
  @ApiOkResponse({ type: IncidentEntity })
  @ApiParam(REF)
  transition(
    @Param('ref') ref: string,
    @Body() body: TransitionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.incidents.transition(ref, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post(':ref/visibility')
  @HttpCode(200)
  @ApiParam(REF)
  @ApiOperation({
    summary:
      'Make the incident (and its postmortem) private to its team, or public again; admins and responders of the owning team',
  })
  @ApiOkResponse({ type: IncidentEntity })
  @ApiForbiddenResponse({
    type: ApiErrorBody,
    description: 'Not an admin nor a member of the owning team (the current one and the new one)',
  })
  setVisibility(
    @Param('ref') ref: string,
    @Body() body: IncidentVisibilityDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.incidents.setVisibility(ref, body, actor, principal);
  }

  @Access('viewer', 'read:incidents')
  @Get(':ref/activity')
  @ApiOperation({ summary: "An incident's activity log, newest first (cursor pages)" })
  @ApiParam(REF)
  @ApiOkResponse({ type: ActivityPageDto, description: 'Oldest first; append-only' })
  activity(
    @Param('ref') ref: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.incidents.listActivity(ref, query.cursor, query.limit, principal);
  }

  // Impacts

  @Access('viewer', 'read:incidents')
  @Get(':ref/impacts')
  @ApiOperation({ summary: "List an incident's impacts on our services" })
  @ApiParam(REF)
  @ApiOkResponse({ type: ImpactPageDto, description: 'By window start' })
  impacts(
    @Param('ref') ref: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.impactService.listImpacts(ref, query.cursor, query.limit, principal);
  }

  @Access('responder', 'write:incidents')
  @Post(':ref/impacts')
  @ApiOperation({ summary: 'Record an impact on a service (level and window)' })
  @ApiCreatedResponse({ type: ImpactViewDto })
  @ApiParam(REF)
  createImpact(
    @Param('ref') ref: string,
    @Body() body: CreateImpactDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.impactService.createImpact(ref, body, actor, undefined, principal);
  }

  @Access('responder', 'write:incidents')
  @Patch(':ref/impacts/:id')
  @ApiOperation({ summary: 'Change an impact (send the version you read)' })
  @ApiOkResponse({ type: ImpactViewDto })
  @ApiParam(REF)
  updateImpact(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Body() body: UpdateImpactDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.impactService.updateImpact(ref, id, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Delete(':ref/impacts/:id')
  @ApiOperation({ summary: 'Delete an impact' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiParam(REF)
  deleteImpact(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Query() query: VersionQueryDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.impactService.deleteImpact(ref, id, query.version, actor, principal);
  }

  // Timeline

  @Access('viewer', 'read:incidents')
  @Get(':ref/timeline')
  @ApiOperation({ summary: "An incident's timeline by instant (cursor pages)" })
  @ApiParam(REF)
  @ApiOkResponse({
    type: TimelinePageDto,
    description: 'By occurredAt; with ?zone each item has inZone',
  })
  timeline(
    @Param('ref') ref: string,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.timelineService.listTimeline(
      ref,
      query.zone,
      query.includeDeleted ?? false,
      query.cursor,
      query.limit,
      principal,
    );
  }

  @Access('responder', 'write:incidents')
  @Post(':ref/timeline')
  @ApiOperation({ summary: 'Add a timeline entry (local time and the zone it was read in)' })
  @ApiCreatedResponse({ type: TimelineEventViewDto })
  @ApiParam(REF)
  createEvent(
    @Param('ref') ref: string,
    @Body() body: CreateTimelineEventDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.timelineService.createTimelineEvent(ref, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Patch(':ref/timeline/:id')
  @ApiOperation({ summary: 'Change a timeline entry (send the version you read)' })
  @ApiOkResponse({ type: TimelineEventViewDto })
  @ApiParam(REF)
  updateEvent(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Body() body: UpdateTimelineEventDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.timelineService.updateTimelineEvent(ref, id, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Delete(':ref/timeline/:id')
  @ApiOperation({ summary: 'Delete a timeline entry' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Soft delete; the event stays in history' })
  @ApiParam(REF)
  deleteEvent(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Query() query: VersionQueryDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.timelineService.deleteTimelineEvent(ref, id, query.version, actor, principal);
  }

  @Access('viewer', 'read:incidents')
  @Get(':ref/timeline/:id/history')
  @ApiOperation({ summary: 'Earlier versions of a timeline entry' })
  @ApiParam(REF)
  @ApiOkResponse({
    type: TimelineHistoryDto,
    description: 'revisions: the state before each edit or deletion',
  })
  eventHistory(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.timelineService.timelineEventHistory(ref, id, principal);
  }

  // Causes

  @Access('viewer', 'read:incidents')
  @Get(':ref/causes')
  @ApiOperation({
    summary: "List an incident's third-party causes (suggested, accepted, rejected)",
  })
  @ApiParam(REF)
  @ApiOkResponse({ type: CausePageDto, description: 'Oldest first' })
  causes(
    @Param('ref') ref: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.causeService.listCauses(ref, query.cursor, query.limit, principal);
  }

  @Access('responder', 'write:incidents')
  @Post(':ref/causes')
  @ApiOperation({ summary: 'Record a third-party cause by hand (accepted)' })
  @ApiCreatedResponse({ type: CauseEntity })
  @ApiParam(REF)
  createCause(
    @Param('ref') ref: string,
    @Body() body: CreateCauseDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.causeService.createCause(ref, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Patch(':ref/causes/:id')
  @ApiOperation({
    summary: 'Accept or reject a cause, or change its role (send the version you read)',
  })
  @ApiOkResponse({ type: CauseEntity })
  @ApiParam(REF)
  updateCause(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Body() body: UpdateCauseDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.causeService.updateCause(ref, id, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Delete(':ref/causes/:id')
  @ApiOperation({ summary: 'Delete a cause' })
  @HttpCode(204)
  @ApiParam(REF)
  deleteCause(
    @Param('ref') ref: string,
    @Param('id') id: string,
    @Query() query: VersionQueryDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.causeService.deleteCause(ref, id, query.version, actor, principal);
  }
}
