import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto, INT4_MAX } from '@rca/shared';
import { CAUSE_ROLES, CAUSE_STATES, CauseEntity, CauseRole, CauseState } from './cause.entity';
import { IncidentActivityEntity } from './incident-activity.entity';
import { TimelineEventRevisionEntity } from './timeline-event-revision.entity';
import { IMPACT_LEVELS, ImpactEntity, ImpactLevel } from './impact.entity';
import {
  IncidentEntity,
  INCIDENT_STATUSES,
  IncidentStatus,
  SEVERITIES,
  Severity,
} from './incident.entity';
import { InstantInput, IsInstantInput } from './instant';
import {
  TIMELINE_KINDS,
  TIMELINE_SOURCES,
  TimelineEventEntity,
  TimelineKind,
  TimelineSource,
} from './timeline-event.entity';

export const INSTANT_DOC = {
  description:
    'An ISO-8601 instant with an offset ("2025-11-18T11:20:00Z"), or {"local": "2025-11-18T12:20", "zone": "Europe/Paris", "disambiguation"?: "earlier" | "later"}',
  oneOf: [
    { type: 'string', example: '2025-11-18T11:20:00Z' },
    {
      type: 'object',
      properties: {
        local: { type: 'string', example: '2025-11-18T12:20' },
        zone: { type: 'string', example: 'Europe/Paris' },
        disambiguation: { type: 'string', enum: ['earlier', 'later'] },
      },
      required: ['local', 'zone'],
    },
  ],
};
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** `?status=a&status=b` or `?status=a,b`. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .filter((item) => item !== '');

class IncidentFieldsDto {
  @ApiPropertyOptional({ description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(50_000)
  summary?: string;

  @ApiPropertyOptional({ type: [String], example: ['cdn', 'third-party'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  labels?: string[];

  @ApiPropertyOptional({ type: [String], example: ['global'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  regions?: string[];

  @ApiPropertyOptional({ type: [String], example: ['HTTP 500'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  errorSignatures?: string[];
}

export class CreateIncidentDto extends IncidentFieldsDto {
  @ApiProperty({ example: 'Chat web returns HTTP 500 (Cloudflare)' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiPropertyOptional({
    enum: INCIDENT_STATUSES,
    default: 'investigating',
    description: 'closed is not allowed at creation',
  })
  @IsOptional()
  @IsIn(['investigating', 'identified', 'monitoring', 'resolved'])
  status?: IncidentStatus;

  @ApiProperty(INSTANT_DOC) @IsInstantInput() startedAt!: InstantInput;
  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() detectedAt?: InstantInput;
  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() acknowledgedAt?: InstantInput;
  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() mitigatedAt?: InstantInput;
  @ApiPropertyOptional({ ...INSTANT_DOC, description: 'Only with status resolved' })
  @IsOptional()
  @IsInstantInput()
  resolvedAt?: InstantInput;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Owning team (GET /api/teams); required with private',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'Private to the team: only its members and admins see it (you must be one of them)',
  })
  @IsOptional()
  @IsBoolean()
  private?: boolean;
}

/** POST /incidents/:ref/visibility: who may see the incident (and its postmortem). */
export class IncidentVisibilityDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiProperty({ description: 'true: only the owning team and admins see it' })
  @IsBoolean()
  private!: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The owning team; omit to keep it. A private incident needs one',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}

export class IncidentTeamDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class UpdateIncidentDto extends IncidentFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() startedAt?: InstantInput;
  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true })
  @IsOptional()
  @IsInstantInput()
  detectedAt?: InstantInput | null;
  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true })
  @IsOptional()
  @IsInstantInput()
  acknowledgedAt?: InstantInput | null;
  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true })
  @IsOptional()
  @IsInstantInput()
  mitigatedAt?: InstantInput | null;
  @ApiPropertyOptional({ ...INSTANT_DOC, description: 'Only while resolved or closed' })
  @IsOptional()
  @IsInstantInput()
  resolvedAt?: InstantInput;
}

export class TransitionDto {
  @ApiProperty({
    enum: INCIDENT_STATUSES,
    description: 'Moving a resolved or closed incident back to an open status is a reopen',
  })
  @IsIn(INCIDENT_STATUSES)
  to!: IncidentStatus;

  @ApiPropertyOptional({
    ...INSTANT_DOC,
    description:
      'When it happened (default now); sets resolvedAt, mitigatedAt (monitoring) or closedAt',
  })
  @IsOptional()
  @IsInstantInput()
  at?: InstantInput;

  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;

  @ApiPropertyOptional({ description: 'Why (kept in the activity log)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export const INCIDENT_SORTS = ['startedAt', 'createdAt', 'updatedAt', 'severity'] as const;

export class ListIncidentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: INCIDENT_STATUSES,
    isArray: true,
    description: 'Repeat or comma-separate',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(INCIDENT_STATUSES, { each: true })
  status?: IncidentStatus[];

  @ApiPropertyOptional({ enum: SEVERITIES, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(SEVERITIES, { each: true })
  severity?: Severity[];

  @ApiPropertyOptional({ description: 'Impacted service (id or slug)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  service?: string;

  @ApiPropertyOptional({ description: 'Vendor named in a cause that is not rejected (id or slug)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  vendor?: string;

  @ApiPropertyOptional({ description: 'Started at or after (ISO instant with offset)' })
  @IsOptional()
  @IsInstantInput()
  from?: string;

  @ApiPropertyOptional({ description: 'Started before (ISO instant with offset)' })
  @IsOptional()
  @IsInstantInput()
  to?: string;

  @ApiPropertyOptional({ description: 'Text search in title and summary' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Label that must be present' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  label?: string;

  @ApiPropertyOptional({ enum: INCIDENT_SORTS, default: 'startedAt' })
  @IsOptional()
  @IsIn(INCIDENT_SORTS)
  sort?: (typeof INCIDENT_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class CreateImpactDto {
  @ApiProperty({ description: 'Service id or slug' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  service!: string;

  @ApiProperty({ enum: IMPACT_LEVELS }) @IsIn(IMPACT_LEVELS) level!: ImpactLevel;
  @ApiProperty(INSTANT_DOC) @IsInstantInput() from!: InstantInput;
  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true, description: 'Omit while ongoing' })
  @IsOptional()
  @IsInstantInput()
  to?: InstantInput | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class UpdateImpactDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional({ enum: IMPACT_LEVELS })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  level?: ImpactLevel;
  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() from?: InstantInput;
  @ApiPropertyOptional({ ...INSTANT_DOC, nullable: true })
  @IsOptional()
  @IsInstantInput()
  to?: InstantInput | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class CreateTimelineEventDto {
  @ApiProperty(INSTANT_DOC) @IsInstantInput() occurredAt!: InstantInput;
  @ApiProperty({ enum: TIMELINE_KINDS }) @IsIn(TIMELINE_KINDS) kind!: TimelineKind;
  @ApiPropertyOptional({ enum: TIMELINE_SOURCES, default: 'manual' })
  @IsOptional()
  @IsIn(TIMELINE_SOURCES)
  source?: TimelineSource;
  @ApiProperty({ description: 'Markdown' }) @IsString() @MaxLength(20_000) body!: string;
  @ApiPropertyOptional({ description: 'Defaults to the acting user' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  author?: string;
}

export class UpdateTimelineEventDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional(INSTANT_DOC) @IsOptional() @IsInstantInput() occurredAt?: InstantInput;
  @ApiPropertyOptional({ enum: TIMELINE_KINDS })
  @IsOptional()
  @IsIn(TIMELINE_KINDS)
  kind?: TimelineKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) body?: string;
}

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'IANA zone: adds `inZone` renderings',
    example: 'America/New_York',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  zone?: string;

  @ApiPropertyOptional({ default: false, description: 'Include deleted events' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDeleted?: boolean;
}

export class CreateCauseDto {
  @ApiProperty({ description: 'Vendor id or slug' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  vendor!: string;
  @ApiPropertyOptional({ description: 'A stored vendor incident of that vendor' })
  @IsOptional()
  @IsUUID()
  vendorIncidentId?: string;
  @ApiPropertyOptional({ type: [String], description: 'Components of that vendor' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  vendorComponentIds?: string[];
  @ApiPropertyOptional({ enum: CAUSE_ROLES, default: 'root_cause' })
  @IsOptional()
  @IsIn(CAUSE_ROLES)
  role?: CauseRole;
  @ApiPropertyOptional({ enum: CAUSE_STATES, default: 'accepted' })
  @IsOptional()
  @IsIn(CAUSE_STATES)
  state?: CauseState;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) explanation?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  score?: number;
}

export class UpdateCauseDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional({ enum: CAUSE_ROLES }) @IsOptional() @IsIn(CAUSE_ROLES) role?: CauseRole;
  @ApiPropertyOptional({ enum: CAUSE_STATES }) @IsOptional() @IsIn(CAUSE_STATES) state?: CauseState;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) explanation?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  vendorComponentIds?: string[];
}

export class VersionQueryDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class IncidentMetricsDto {
  @ApiProperty({ nullable: true, description: 'detectedAt − startedAt, seconds' })
  timeToDetectSeconds!: number | null;
  @ApiProperty({ nullable: true, description: 'acknowledgedAt − detectedAt, seconds' })
  timeToAcknowledgeSeconds!: number | null;
  @ApiProperty({ nullable: true, description: 'mitigatedAt − startedAt, seconds' })
  timeToMitigateSeconds!: number | null;
  @ApiProperty({ nullable: true, description: 'resolvedAt − startedAt, seconds' })
  timeToResolveSeconds!: number | null;
}

// Responses (documented for OpenAPI)

export class IncidentDto extends IncidentEntity {
  @ApiProperty({ type: IncidentMetricsDto }) metrics!: IncidentMetricsDto;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDto] }) items!: IncidentDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}

export class ImpactViewDto extends ImpactEntity {
  @ApiProperty({ type: String, format: 'date-time', description: 'Window start' }) from!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Window end' })
  to!: Date | null;
  @ApiPropertyOptional() serviceSlug?: string;
  @ApiPropertyOptional() serviceName?: string;
}

export class ImpactPageDto {
  @ApiProperty({ type: [ImpactViewDto] }) items!: ImpactViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CauseViewDto extends CauseEntity {
  @ApiProperty() vendorSlug!: string;
  @ApiProperty() vendorName!: string;
}

export class CausePageDto {
  @ApiProperty({ type: [CauseViewDto] }) items!: CauseViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class IncidentDetailDto extends IncidentEntity {
  @ApiProperty() severityDescription!: string;
  @ApiProperty({ type: IncidentMetricsDto }) metrics!: IncidentMetricsDto;
  @ApiProperty({ type: [ImpactViewDto] }) impacts!: ImpactViewDto[];
  @ApiProperty({ type: [CauseViewDto] }) causes!: CauseViewDto[];
  @ApiProperty({ type: IncidentTeamDto, nullable: true }) team!: IncidentTeamDto | null;
}

export class EnteredTimeDto {
  @ApiProperty({ example: '2025-11-18T12:20:00' }) local!: string;
  @ApiProperty({ example: 'Europe/Paris' }) zone!: string;
}

export class ZonedTimeDto {
  @ApiProperty({ example: 'America/New_York' }) zone!: string;
  @ApiProperty({ example: '2025-11-18T06:20:00' }) local!: string;
  @ApiProperty({ example: '-05:00' }) offset!: string;
}

export class TimelineEventViewDto extends TimelineEventEntity {
  @ApiProperty({ type: EnteredTimeDto }) entered!: EnteredTimeDto;
  @ApiPropertyOptional({ type: ZonedTimeDto, description: 'Only with ?zone=' })
  inZone?: ZonedTimeDto;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEventViewDto] }) items!: TimelineEventViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class TimelineHistoryDto {
  @ApiProperty({ type: TimelineEventViewDto }) current!: TimelineEventViewDto;
  @ApiProperty({ type: [TimelineEventRevisionEntity] }) revisions!: TimelineEventRevisionEntity[];
}

export class ActivityPageDto {
  @ApiProperty({ type: [IncidentActivityEntity] }) items!: IncidentActivityEntity[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
