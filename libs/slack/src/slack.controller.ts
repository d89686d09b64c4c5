import { CurrentPrincipal, type Principal } from '@rca/accounts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Access, Actor, ApiErrorBody, Public } from '@rca/shared';
import type { Request } from 'express';
import { SlackImportService } from './slack-import.service';
import { SlackRequestService } from './slack-request.service';
import {
  SlackConnectionCheckDto,
  SlackSettingsDto,
  UpdateSlackSettingsDto,
} from './slack-settings.dto';
import { SlackSettingsService } from './slack-settings.service';
import { archiveInvalid } from './slack.errors';
import {
  ArchiveImportQueryDto,
  RequestHistoryImportDto,
  SlackArchiveImportDto,
  SlackImportDto,
  SlackMessageDto,
  SlackMessagePageDto,
  SlackMessageQueryDto,
  SlackOverviewDto,
} from './slack.dto';

function signed(request: Request) {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    rawBody: Buffer.isBuffer(request.body) ? request.body : undefined,
  };
}

/** The endpoints Slack calls (Request URLs of the app manifest): signed, answered at once. */
@ApiTags('slack')
@Controller('slack')
export class SlackEventsController {
  constructor(private readonly requests: SlackRequestService) {}

  @Public()
  @Post('commands')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Slack slash command /rca (declare, status, note, link); signed by Slack',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ description: 'An ephemeral reply; the work is done by a job' })
  @ApiUnauthorizedResponse({
    type: ApiErrorBody,
    description: 'SLACK_SIGNATURE_INVALID: bad, stale or replayed signature',
  })
  command(@Req() request: Request) {
    return this.requests.receive('command', signed(request));
  }

  @Public()
  @Post('interactions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Slack interactivity: the message shortcut "Add to incident timeline"; signed by Slack',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ description: 'Empty; the work is done by a job' })
  @ApiUnauthorizedResponse({
    type: ApiErrorBody,
    description: 'SLACK_SIGNATURE_INVALID: bad, stale or replayed signature',
  })
  async interaction(@Req() request: Request) {
    await this.requests.receive('shortcut', signed(request));
    return '';
  }
}

/** The Slack app's settings (admins). */
@ApiTags('slack')
@Controller('slack/settings')
export class SlackSettingsController {
  constructor(private readonly settings: SlackSettingsService) {}

  @Access('admin', 'admin')
  @Get()
  @ApiOperation({
    summary:
      'The Slack app settings: whether the signing secret and bot token are set (never their values)',
  })
  @ApiOkResponse({ type: SlackSettingsDto })
  view() {
    return this.settings.view();
  }

  @Access('admin', 'admin')
  @Put()
  @ApiOperation({
    summary: 'Sets the Slack signing secret, bot token and workspace (stored encrypted)',
  })
  @ApiOkResponse({ type: SlackSettingsDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'STALE_VERSION' })
  save(@Body() body: UpdateSlackSettingsDto, @Actor() actor: string) {
    return this.settings.save(body, actor);
  }

  @Access('admin', 'admin')
  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: "Checks the bot token with Slack's auth.test (which workspace, which bot)",
  })
  @ApiOkResponse({ type: SlackConnectionCheckDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'SLACK_NOT_CONFIGURED' })
  check() {
    return this.settings.check();
  }

  @Access('admin', 'admin')
  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Removes the Slack app settings (requests from Slack are refused from then on)',
  })
  @ApiNoContentResponse()
  async remove() {
    await this.settings.remove();
  }
}

/** Slack on the incident page: linked channels, imports, proposed messages. */
@ApiTags('slack')
@Controller()
export class SlackIncidentController {
  constructor(private readonly imports: SlackImportService) {}

  @Access('viewer', 'read:incidents')
  @Get('incidents/:reference/slack')
  @ApiOperation({ summary: "The incident's linked Slack channels and its latest channel imports" })
  @ApiOkResponse({ type: SlackOverviewDto })
  overview(@Param('reference') reference: string, @CurrentPrincipal() principal: Principal) {
    return this.imports.overview(reference, principal);
  }

  @Access('viewer', 'read:incidents')
  @Get('incidents/:reference/slack/messages')
  @ApiOperation({
    summary: 'Slack messages of the incident by state (proposed by default), oldest first, paged',
  })
  @ApiOkResponse({ type: SlackMessagePageDto })
  messages(
    @Param('reference') reference: string,
    @Query() query: SlackMessageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.imports.listMessages(
      reference,
      query.state ?? 'proposed',
      query.cursor,
      query.limit,
      principal,
    );
  }

  @Access('responder', 'write:incidents')
  @Post('incidents/:reference/slack/imports')
  @HttpCode(202)
  @ApiOperation({
    summary: "Imports a linked channel's messages in a window as proposed timeline events (a job)",
  })
  @ApiAcceptedResponse({ type: SlackImportDto })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'SLACK_CHANNEL_NOT_LINKED or SLACK_NOT_CONFIGURED',
  })
  importHistory(
    @Param('reference') reference: string,
    @Body() body: RequestHistoryImportDto,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.imports.requestHistoryImport(reference, body, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post('slack/export-imports')
  @ApiOperation({
    summary:
      "Imports one channel's messages in a window from a Slack export archive (zip body) as proposed timeline events",
  })
  @ApiConsumes('application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: SlackArchiveImportDto })
  @ApiConflictResponse({ type: ApiErrorBody })
  importArchive(
    @Query() query: ArchiveImportQueryDto,
    @Req() request: Request,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0)
      throw archiveInvalid('the request body is empty: send the .zip as the body');
    return this.imports.importArchive(query.incident, request.body, query, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post('incidents/:reference/slack/messages/:id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accepts a proposed Slack message: it becomes a timeline event of the incident',
  })
  @ApiOkResponse({ type: SlackMessageDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'Decided already' })
  accept(
    @Param('reference') reference: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.imports.accept(reference, id, actor, principal);
  }

  @Access('responder', 'write:incidents')
  @Post('incidents/:reference/slack/messages/:id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismisses a proposed Slack message' })
  @ApiOkResponse({ type: SlackMessageDto })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'Decided already' })
  dismiss(
    @Param('reference') reference: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Actor() actor: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.imports.dismiss(reference, id, actor, principal);
  }
}
