import { INT4_MAX, PageQueryDto } from '@rca/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  MIN_POLL_INTERVAL_SECONDS,
  STATUS_SOURCE_FORMATS,
  StatusSourceFormat,
} from './status-source.entity';

const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  allow_underscores: true,
};
const URL_MESSAGE = 'url must be an http or https URL';
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CreateStatusSourceDto {
  @ApiProperty({ format: 'uuid', description: 'The vendor whose status page this is' })
  @IsUUID('all')
  vendorId!: string;

  @ApiProperty({ example: 'https://www.cloudflarestatus.com/api/v2/incidents.json' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  url!: string;

  @ApiPropertyOptional({ enum: STATUS_SOURCE_FORMATS, default: 'auto' })
  @IsOptional()
  @IsIn(STATUS_SOURCE_FORMATS)
  format?: StatusSourceFormat;

  @ApiPropertyOptional({
    minimum: MIN_POLL_INTERVAL_SECONDS,
    maximum: 86_400,
    default: DEFAULT_POLL_INTERVAL_SECONDS,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_POLL_INTERVAL_SECONDS)
  @Max(86_400)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateStatusSourceDto {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional({ example: 'https://www.githubstatus.com/history.atom' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  url?: string;

  @ApiPropertyOptional({ enum: STATUS_SOURCE_FORMATS })
  @IsOptional()
  @IsIn(STATUS_SOURCE_FORMATS)
  format?: StatusSourceFormat;

  @ApiPropertyOptional({ minimum: MIN_POLL_INTERVAL_SECONDS, maximum: 86_400 })
  @IsOptional()
  @IsInt()
  @Min(MIN_POLL_INTERVAL_SECONDS)
  @Max(86_400)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeleteStatusSourceQuery {
  @ApiPropertyOptional({ description: 'When given, the delete is refused with 409 if stale' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version?: number;
}

/** Cursor pages (`?cursor=&limit=`, docs/api.md), oldest source first. */
export class ListStatusSourcesQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  vendorId?: string;

  @ApiPropertyOptional({ description: 'true or false' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'true: only degraded sources; false: only healthy ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  degraded?: boolean;
}

export class PreviewStatusSourceDto {
  @ApiProperty({ example: 'https://www.githubstatus.com/api/v2/incidents.json' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: URL_MESSAGE })
  url!: string;

  @ApiPropertyOptional({ enum: STATUS_SOURCE_FORMATS, default: 'auto' })
  @IsOptional()
  @IsIn(STATUS_SOURCE_FORMATS)
  format?: StatusSourceFormat;
}

export class DecideSuggestionDto {
  @ApiProperty({ minimum: 1, description: 'The cause version you read' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class StatusSourceHealthView {
  @ApiProperty() degraded!: boolean;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastPolledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastErrorAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'rate_limited' }) lastErrorKind!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) lastErrorMessage!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastLatencyMs!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Backoff: polls before this are skipped',
  })
  nextPollNotBefore!: string | null;
}

export class StatusSourceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: STATUS_SOURCE_FORMATS }) format!: string;
  @ApiProperty({ nullable: true, type: String }) detectedFormat!: string | null;
  @ApiProperty() pollIntervalSeconds!: number;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: StatusSourceHealthView }) health!: StatusSourceHealthView;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StatusSourcePage {
  @ApiProperty({ type: [StatusSourceView] }) items!: StatusSourceView[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as cursor for the next page; null on the last one',
  })
  nextCursor!: string | null;
}

export class PreviewView {
  @ApiProperty() url!: string;
  @ApiProperty() finalUrl!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({
    description: 'The normalised feed that would be imported (see docs/status-sources.md)',
  })
  feed!: Record<string, unknown>;
}

/** The outcome of one "Poll now", with the source's health after it. */
export class PollNowView {
  @ApiProperty({
    enum: ['imported', 'unchanged', 'not_modified', 'stale', 'failed', 'skipped'],
    description:
      'imported: something was written (see changes); unchanged / not_modified: the page is as before; stale: its clock is older than the last import; failed: see kind and message (also on the health); skipped: see reason',
  })
  outcome!: string;
  @ApiPropertyOptional({ description: 'Fetch time, ms' }) latencyMs?: number;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'newIncidents, changedIncidents, newUpdates, editedUpdates, leftPage, componentChanges, timelineEvents, touched',
  })
  changes?: object;
  @ApiPropertyOptional({ type: [String], description: 'Ids of new cause suggestions' })
  suggestions?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Ids of incidents of ours opened as drafts' })
  drafts?: string[];
  @ApiPropertyOptional({ format: 'date-time', description: 'The page clock of a stale answer' })
  pageClock?: string;
  @ApiPropertyOptional() consecutiveFailures?: number;
  @ApiPropertyOptional({ example: 'parse_syntax' }) kind?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: StatusSourceView }) source!: StatusSourceView;
}
