import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access } from '@rca/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@rca/deadlines';
import { DeadlineQueryDto, MetricsQueryDto } from './postmortem.dto';
import { DeadlinePageDto, RcaMetricsDto } from './postmortem-responses.dto';
import { PostmortemRepository } from './postmortem.repository';

@ApiTags('deadlines')
@Controller()
export class ManagerController {
  constructor(
    private readonly repository: PostmortemRepository,
    private readonly clock: Clock,
  ) {}

  /** Open postmortems by due instant, overdue first. */
  @Access('manager', 'read:postmortems')
  @Get('deadlines')
  @ApiOperation({ summary: 'Open postmortems by due instant, overdue first (managers)' })
  @ApiOkResponse({ type: DeadlinePageDto })
  deadlines(@Query() query: DeadlineQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.repository.deadlines(
      { team: query.team, owner: query.owner, severity: query.severity },
      this.clock.now(),
      query.cursor,
      query.limit,
      principal,
    );
  }

  /** On-time rate per month (of the due date) and team, median resolve → publish, overdue count, action-item closure. */
  @Access('manager', 'read:postmortems')
  @Get('metrics/rca')
  @ApiOperation({
    summary:
      'RCA metrics: on-time rate per month and team, time to publish, open and overdue postmortems, action-item closure',
  })
  @ApiOkResponse({ type: RcaMetricsDto })
  async metrics(@Query() query: MetricsQueryDto, @CurrentPrincipal() principal: Principal) {
    const raw = await this.repository.rcaMetrics(
      {
        team: query.team,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      this.clock.now(),
      principal,
    );
    const rate = (part: number, whole: number) =>
      whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
    return {
      onTimeByMonth: raw.onTime.map(
        (row: { month: string; team: string; due: number; published: number; onTime: number }) => ({
          month: row.month,
          team: row.team || null,
          due: row.due,
          published: row.published,
          onTime: row.onTime,
          onTimeRate: rate(row.onTime, row.due),
        }),
      ),
      medianResolveToPublishHours:
        raw.median.hours === null ? null : Math.round(Number(raw.median.hours) * 10) / 10,
      publishedCount: raw.median.published,
      overdueCount: raw.overdue.count,
      actionItems: {
        total: raw.items.total,
        closed: raw.items.closed,
        done: raw.items.done,
        closureRate: rate(raw.items.closed, raw.items.total),
      },
      openCount: raw.open.count,
      timeToPublishByMonth: raw.publishByMonth.map(
        (row: { month: string; published: number; hours: string | number | null }) => ({
          month: row.month,
          published: row.published,
          medianHours: row.hours === null ? null : Math.round(Number(row.hours) * 10) / 10,
        }),
      ),
    };
  }
}
