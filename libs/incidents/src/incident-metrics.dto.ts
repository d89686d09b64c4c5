import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';
import { TREND_GROUPINGS, type TrendGrouping } from '@rca/api-contract';

export class IncidentTrendsQueryDto {
  @ApiPropertyOptional({
    description: 'Started at or after (ISO instant); default: 12 months before `to`',
    example: '2025-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'Started before (ISO instant); default: now',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: TREND_GROUPINGS,
    default: 'all',
    description:
      "'service': one row per impacted service; 'team': per owner team of the impacted services",
  })
  @IsOptional()
  @IsIn(TREND_GROUPINGS)
  groupBy?: TrendGrouping;
}

export class MeanSecondsDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) timeToDetectSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'MTTA' })
  timeToAcknowledgeSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) timeToMitigateSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'MTTR' })
  timeToResolveSeconds!: number | null;
}

export class IncidentTrendRowDto {
  @ApiProperty({ example: '2025-11' }) month!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'web-platform' })
  group!: string | null;
  @ApiProperty() incidents!: number;
  @ApiProperty({ type: MeanSecondsDto }) meanSeconds!: MeanSecondsDto;
}

export class IncidentTrendsDto {
  @ApiProperty({ enum: TREND_GROUPINGS }) groupBy!: TrendGrouping;
  @ApiProperty({ type: String, format: 'date-time' }) from!: string;
  @ApiProperty({ type: String, format: 'date-time' }) to!: string;
  @ApiProperty({ type: [IncidentTrendRowDto] }) rows!: IncidentTrendRowDto[];
}
