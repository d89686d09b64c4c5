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
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access, ApiErrorBody, InvalidInputError } from '@rca/shared';
import type { Response } from 'express';
import { SlaContractEntity } from './sla-contract.entity';
import { SlaCreditService } from './sla-credit.service';
import {
  CreateSlaContractDto,
  EvidenceQueryDto,
  LedgerQueryDto,
  UpdateSlaContractDto,
  VersionQueryDto,
} from './vendor-ledger.dto';
import { VendorLedgerService } from './vendor-ledger.service';

@ApiTags('vendor-ledger')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller()
export class VendorLedgerController {
  constructor(
    private readonly ledger: VendorLedgerService,
    private readonly credits: SlaCreditService,
  ) {}

  @Access('viewer', 'read:incidents')
  @Get('vendor-ledger')
  @ApiOperation({
    summary:
      'What each vendor cost us in a month, quarter or year, beside what its status page said',
  })
  @ApiOkResponse({
    description:
      'The ledger: per vendor, incidents, minutes, status-page lag, single points of failure, trend',
  })
  report(@Query() query: LedgerQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.ledger.report(query, principal);
  }

  @Access('viewer', 'read:incidents')
  @Get('vendor-ledger/csv')
  @ApiOperation({
    summary: 'The vendor ledger as CSV (our minutes per service, the vendor page per component)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ type: String })
  async csv(
    @Query() query: LedgerQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ) {
    const { body, filename } = await this.ledger.csv(query, principal);
    response
      .status(200)
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      })
      .send(body);
  }

  @Access('viewer', 'read:incidents')
  @Get('sla-contracts')
  @ApiOperation({ summary: 'Every SLA contract' })
  @ApiOkResponse({ type: [SlaContractEntity] })
  async list() {
    return { items: await this.credits.list() };
  }

  @Access('admin', 'admin')
  @Post('sla-contracts')
  @ApiOperation({
    summary: "Record a vendor's SLA: target, components that count, credit tiers, claim window",
  })
  @ApiCreatedResponse({ type: SlaContractEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'name taken for this vendor' })
  create(@Body() body: CreateSlaContractDto) {
    return this.credits.create(body);
  }

  @Access('viewer', 'read:incidents')
  @Get('sla-contracts/:id')
  @ApiOperation({ summary: 'One SLA contract' })
  @ApiOkResponse({ type: SlaContractEntity })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.credits.get(id);
  }

  @Access('admin', 'admin')
  @Patch('sla-contracts/:id')
  @ApiOperation({ summary: 'Change an SLA contract (with the version you read)' })
  @ApiOkResponse({ type: SlaContractEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateSlaContractDto) {
    const { version, vendor, ...patch } = body;
    if (vendor !== undefined)
      throw new InvalidInputError('vendor', 'a contract cannot move to another vendor');
    return this.credits.update(id, version, patch);
  }

  @Access('admin', 'admin')
  @Delete('sla-contracts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an SLA contract (with the version you read)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @Query() query: VersionQueryDto) {
    await this.credits.remove(id, query.version);
  }

  @Access('viewer', 'read:incidents')
  @Get('sla-contracts/:id/credits')
  @ApiOperation({
    summary:
      'Per billing month with unavailability: both measures, target missed, credit tier, claim deadline',
  })
  @ApiOkResponse({ description: '{ items } newest month first' })
  async creditsOf(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { items: await this.credits.credits(id, principal) };
  }

  @Access('manager', 'read:incidents')
  @Get('sla-contracts/:id/credits/:month/evidence')
  @ApiOperation({ summary: "The evidence pack of one month's credit (Markdown, HTML or JSON)" })
  @ApiProduces('text/markdown', 'text/html', 'application/json')
  @ApiOkResponse({ type: String, description: 'The pack, with Content-Disposition naming a file' })
  async evidence(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('month') month: string,
    @Query() query: EvidenceQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ) {
    const output = await this.credits.evidencePack(
      id,
      month,
      query.format ?? 'markdown',
      principal,
    );
    response
      .status(200)
      .set({
        'content-type': output.contentType,
        'content-disposition': `attachment; filename="${output.filename}"`,
        etag: `"${output.checksum}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        ...(query.format === 'html'
          ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }
          : {}),
      })
      .send(output.body);
  }
}
