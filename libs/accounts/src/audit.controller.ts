import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access } from '@rca/shared';
import { AuditPageDto, AuditQueryDto } from './accounts.dto';
import { toAuditDto } from './accounts.mappers';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first; page with `cursor` = the previous page's `nextCursor`. */
  @Get()
  @ApiOperation({
    summary:
      'List audit events, newest first (cursor pages; filter by action, outcome, actor, target, time)',
  })
  @Access('admin', 'admin')
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const prefix = query.action?.endsWith('.') ? query.action : undefined;
    const items = await this.audit.list({
      action: prefix ? undefined : query.action,
      actionPrefix: prefix,
      outcome: query.outcome,
      actorUserId: query.actorUserId,
      targetType: query.targetType,
      targetId: query.targetId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: query.cursor,
      limit: query.limit + 1,
    });
    const page = items.slice(0, query.limit);
    return {
      items: page.map(toAuditDto),
      nextCursor: items.length > query.limit ? String(page[page.length - 1].id) : null,
    };
  }
}
