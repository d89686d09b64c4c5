import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access } from '@rca/shared';
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
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CreateExportTargetDto,
  ExportQueryDto,
  ExportRunDto,
  ExportRunPageDto,
  ExportRunQueryDto,
  ExportTargetDto,
  ExportTargetPageDto,
  ExportTargetQueryDto,
  PushExportDto,
  UpdateExportTargetDto,
} from './exports.dto';
import { ExportsService } from './exports.service';
import { EXPORT_HTML_CSP } from './render-html';

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Pull: the postmortem in one format. Access: viewer/manager + export:postmortems. */
  @Access('viewer', 'export:postmortems')
  @Get('postmortems/:id/export')
  @ApiOperation({
    summary:
      'Download a postmortem as Markdown, HTML, Confluence, MediaWiki or JSON (internal or public)',
  })
  @ApiProduces(
    'text/markdown',
    'text/html',
    'application/xhtml+xml',
    'text/x-wiki',
    'application/json',
  )
  @ApiOkResponse({
    description: 'The export, with Content-Disposition naming a file',
    type: String,
  })
  async export(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExportQueryDto,
    @Res() response: Response,
    @CurrentPrincipal() principal: Principal,
  ) {
    const output = await this.exports.export(id, query.format, query.variant, principal);
    response
      .status(200)
      .set({
        'content-type': output.contentType,
        'content-disposition': `${query.inline ? 'inline' : 'attachment'}; filename="${output.filename}"`,
        etag: `"${output.checksum}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        ...(query.format === 'html' ? { 'content-security-policy': EXPORT_HTML_CSP } : {}),
      })
      .send(output.body);
  }

  /** On-demand push. Access: manager + export:postmortems. */
  @Access('manager', 'export:postmortems')
  @Post('postmortems/:id/exports')
  @ApiOperation({ summary: 'Push a postmortem to its export targets now' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: [ExportRunDto], description: 'The runs queued (or already done)' })
  push(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PushExportDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exports.pushNow(id, body.targetId, body.force ?? false, principal);
  }

  /** Export history. Access: viewer + read:postmortems. */
  @Access('viewer', 'read:postmortems')
  @Get('export-runs')
  @ApiOperation({ summary: 'List export runs (push history) of a postmortem' })
  @ApiOkResponse({ type: ExportRunPageDto })
  runs(@Query() query: ExportRunQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.exports.listRuns(
      { targetId: query.targetId, postmortemId: query.postmortemId, status: query.status },
      query.cursor,
      query.limit,
      principal,
    );
  }

  @Access('viewer', 'read:postmortems')
  @Get('export-runs/:id')
  @ApiOperation({ summary: 'Get one export run with its attempts' })
  @ApiOkResponse({ type: ExportRunDto })
  run(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.exports.getRun(id, principal);
  }

  // --- targets: admin + admin ----------------------------------------------------------------

  @Access('admin', 'admin')
  @Get('export-targets')
  @ApiOperation({ summary: 'List export targets (settings and credential names, never values)' })
  @ApiOkResponse({ type: ExportTargetPageDto })
  targets(@Query() query: ExportTargetQueryDto) {
    return this.exports.listTargets(
      { kind: query.kind, team: query.team, enabled: query.enabled },
      query.cursor,
      query.limit,
    );
  }

  @Access('admin', 'admin')
  @Post('export-targets')
  @ApiOperation({ summary: 'Create an export target (webhook, git, Confluence, MediaWiki)' })
  @ApiCreatedResponse({ type: ExportTargetDto })
  create(@Body() body: CreateExportTargetDto) {
    return this.exports.createTarget({
      ...body,
      config: body.config,
      credentials: body.credentials,
    });
  }

  @Access('admin', 'admin')
  @Get('export-targets/:id')
  @ApiOperation({ summary: 'Get one export target' })
  @ApiOkResponse({ type: ExportTargetDto })
  async target(@Param('id', ParseUUIDPipe) id: string) {
    return this.exports.toView(await this.exports.getTarget(id));
  }

  @Access('admin', 'admin')
  @Patch('export-targets/:id')
  @ApiOperation({ summary: 'Change an export target (send the version you read)' })
  @ApiOkResponse({ type: ExportTargetDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateExportTargetDto) {
    const { version, ...patch } = body;
    return this.exports.updateTarget(id, version, patch);
  }

  @Access('admin', 'admin')
  @Delete('export-targets/:id')
  @ApiOperation({ summary: 'Delete an export target' })
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.exports.deleteTarget(id);
  }
}
