import { CurrentPrincipal, type Principal } from '@rca/accounts';
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
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access, Actor, ApiErrorBody } from '@rca/shared';
import {
  CreateStatusSourceDto,
  DecideSuggestionDto,
  DeleteStatusSourceQuery,
  ListStatusSourcesQuery,
  PreviewStatusSourceDto,
  PollNowView,
  PreviewView,
  StatusSourcePage,
  StatusSourceView,
  UpdateStatusSourceDto,
} from './status-source.dto';
import { StatusSourcesService } from './status-sources.service';
import { StatusPollService } from './status-poll.service';

@ApiTags('status sources')
@ApiBadRequestResponse({ type: ApiErrorBody, description: 'A field is invalid; the body names it' })
@Controller('status-sources')
export class StatusSourcesController {
  constructor(
    private readonly service: StatusSourcesService,
    private readonly polls: StatusPollService,
  ) {}

  @Access('viewer', 'read:status')
  @Get()
  @ApiOperation({ summary: 'List status sources with their health (paginated, filterable)' })
  @ApiOkResponse({ type: StatusSourcePage })
  list(@Query() query: ListStatusSourcesQuery) {
    return this.service.list(query);
  }

  @Access('admin', 'write:status')
  @Post()
  @ApiOperation({ summary: 'Add a status source; an enabled one is polled at its interval' })
  @ApiCreatedResponse({ type: StatusSourceView })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'The vendor already has this URL' })
  create(@Body() body: CreateStatusSourceDto) {
    return this.service.create(body);
  }

  @Access('admin', 'write:status')
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Fetch a status page once and return what would be imported; stores nothing',
  })
  @ApiOkResponse({ type: PreviewView })
  @ApiResponse({
    status: 422,
    type: ApiErrorBody,
    description: 'The page could not be fetched or read; details.kind says why',
  })
  preview(@Body() body: PreviewStatusSourceDto) {
    return this.service.preview(body);
  }

  @Access('responder', 'write:incidents')
  @Post('suggestions/:causeId/accept')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept a suggested vendor cause as the signed-in caller; the vendor updates so far join the timeline (once each) right after',
  })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'Stale version' })
  accept(
    @Param('causeId', new ParseUUIDPipe()) causeId: string,
    @Body() body: DecideSuggestionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.decide(causeId, body.version, 'accepted', actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post('suggestions/:causeId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a suggested vendor cause; it is never suggested again' })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'Stale version' })
  reject(
    @Param('causeId', new ParseUUIDPipe()) causeId: string,
    @Body() body: DecideSuggestionDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.decide(causeId, body.version, 'rejected', actor, principal);
  }

  @Access('viewer', 'read:status')
  @Get(':id')
  @ApiOperation({ summary: 'Get one status source with its health' })
  @ApiOkResponse({ type: StatusSourceView })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.service.get(id);
  }

  @Access('admin', 'write:status')
  @Post(':id/poll')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Poll now: fetch, parse and import this source at once (even if disabled or backing off) and return the outcome',
  })
  @ApiOkResponse({ type: PollNowView })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  async pollNow(@Param('id', new ParseUUIDPipe()) id: string): Promise<PollNowView> {
    await this.service.get(id); // 404 for an unknown source
    const outcome = await this.polls.poll(id, { force: true });
    return { ...outcome, source: await this.service.get(id) };
  }

  @Access('admin', 'write:status')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a source; its job scheduler follows (disabled → removed)' })
  @ApiOkResponse({ type: StatusSourceView })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'Stale version; details carry the current one',
  })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateStatusSourceDto) {
    return this.service.update(id, body);
  }

  @Access('admin', 'write:status')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a status source (its imported incidents stay; polling stops)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorBody })
  @ApiConflictResponse({ type: ApiErrorBody })
  async delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DeleteStatusSourceQuery,
  ) {
    await this.service.delete(id, query.version);
  }
}
