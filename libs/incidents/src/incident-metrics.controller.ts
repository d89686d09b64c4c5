import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  INCIDENT_METRIC_SPANS,
  type IncidentMetrics,
  type IncidentTrends,
} from '@rca/api-contract';
import { Access, ApiErrorBody, InvalidInputError } from '@rca/shared';
import { IncidentTrendsDto, IncidentTrendsQueryDto } from './incident-metrics.dto';
import { IncidentMetricsRepository } from './incident-metrics.repository';

const METRICS = Object.keys(INCIDENT_METRIC_SPANS) as Array<keyof IncidentMetrics>;
const YEAR_MS = 366 * 24 * 3600 * 1000;

@ApiTags('deadlines')
@Controller('metrics')
export class IncidentMetricsController {
  constructor(private readonly repository: IncidentMetricsRepository) {}

  @Access('manager', 'read:incidents')
  @Get('incidents')
  @ApiOperation({
    summary: 'MTTA, MTTR and the other incident metrics per month, overall, by team or by service',
  })
  @ApiOkResponse({ type: IncidentTrendsDto })
  @ApiBadRequestResponse({ type: ApiErrorBody })
  async trends(
    @Query() query: IncidentTrendsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IncidentTrends> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - YEAR_MS);
    if (from.getTime() >= to.getTime()) throw new InvalidInputError('from', 'must be before to');
    if (to.getTime() - from.getTime() > 10 * YEAR_MS)
      throw new InvalidInputError('from', 'the period is limited to 10 years');
    const groupBy = query.groupBy ?? 'all';
    const rows = await this.repository.trends(groupBy, from, to, principal);
    return {
      groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: rows.map((row) => ({
        month: row.month,
        group: row.group,
        incidents: row.incidents,
        meanSeconds: Object.fromEntries(
          METRICS.map((name) => [name, row[name] === null ? null : Math.round(Number(row[name]))]),
        ) as unknown as IncidentMetrics,
      })),
    };
  }
}
