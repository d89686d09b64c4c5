import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
  Max,
} from 'class-validator';
import { CursorPageMetaDto, PageQueryDto, INT4_MAX } from '@rca/shared';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
} from './action-item.entity';
import { POSTMORTEM_STATUSES, SECTION_KEYS, SECTION_MARKDOWN_LIMIT } from './postmortem.entity';

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];

export class SectionDto {
  @ApiProperty({ enum: SECTION_KEYS }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Markdown' }) markdown!: string;
  @ApiProperty({ enum: ['generated', 'edited'] }) origin!: string;
  @ApiProperty({ description: 'Left out of public exports' }) internal!: boolean;
}

export class PostmortemDto {
  @ApiProperty() id!: string;
  @ApiProperty() incidentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: POSTMORTEM_STATUSES }) status!: string;
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
  @ApiProperty() templateKey!: string;
  @ApiProperty({ description: 'Latest revision number' }) revision!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) owner!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) team!: string | null;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ type: [String] }) requiredReviewers!: string[];
  @ApiPropertyOptional({ nullable: true, type: Date }) resolvedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) dueAt!: Date | null;
  @ApiProperty({ example: 'America/New_York' }) displayZone!: string;
  @ApiPropertyOptional({ nullable: true, type: Date }) publishedAt!: Date | null;
  @ApiProperty({ description: 'Send it back on every write (optimistic concurrency)' })
  version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PostmortemPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [PostmortemDto] }) items!: PostmortemDto[];
}

export class PostmortemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: POSTMORTEM_STATUSES })
  @IsOptional()
  @IsIn(POSTMORTEM_STATUSES)
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The incident's postmortem (at most one): an empty page before it is drafted",
  })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}

export class SectionEditDto {
  @ApiProperty({ enum: SECTION_KEYS }) @IsIn(SECTION_KEYS) key!: (typeof SECTION_KEYS)[number];
  @ApiPropertyOptional({ description: 'Markdown; marks the section "edited"' })
  @IsOptional()
  @IsString()
  @MaxLength(SECTION_MARKDOWN_LIMIT)
  markdown?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() internal?: boolean;
}

/** The author of a save or transition is the signed-in user (or token owner), never a body field. */
export class VersionedActionDto {
  @ApiProperty({ description: 'Version you read' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class EditPostmortemDto extends VersionedActionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  owner?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) team?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  requiredReviewers?: string[];
  @ApiPropertyOptional({ type: [SectionEditDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SectionEditDto)
  sections?: SectionEditDto[];
}

export class ChecklistDto {
  @ApiProperty() @IsBoolean() keyDataCollected!: boolean;
  @ApiProperty() @IsBoolean() impactComplete!: boolean;
  @ApiProperty() @IsBoolean() rootCauseDeepEnough!: boolean;
  @ApiProperty() @IsBoolean() actionsAppropriate!: boolean;
  @ApiProperty() @IsBoolean() sharedWithStakeholders!: boolean;
}

export class ReviewDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiProperty({ enum: ['approved', 'changes_requested'] })
  @IsIn(['approved', 'changes_requested'])
  decision!: 'approved' | 'changes_requested';
  @ApiProperty({ type: ChecklistDto })
  @ValidateNested()
  @Type(() => ChecklistDto)
  checklist!: ChecklistDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) comment?: string;
}

export class RevisionQueryDto extends PageQueryDto {}

export class DiffQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) from!: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) to!: number;
  @ApiPropertyOptional({ enum: ['unified', 'words'], default: 'unified' })
  @IsOptional()
  @IsIn(['unified', 'words'])
  mode?: 'unified' | 'words';
}

export class RenderedQueryDto {
  @ApiPropertyOptional({
    enum: ['internal', 'public'],
    default: 'internal',
    description: 'public leaves internal sections out',
  })
  @IsOptional()
  @IsIn(['internal', 'public'])
  audience?: 'internal' | 'public';
}

export class CreateActionItemDto {
  @ApiProperty() @IsString() @Length(1, 300) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) description?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'ada@example.com',
    description:
      "The owner's e-mail: must be a user of the product (400 otherwise — invite them first); stored as a link to the user. null clears it.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  owner?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The owner's user id (GET /api/people); null clears it.",
  })
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;
  @ApiPropertyOptional({ example: '2025-12-15', description: 'YYYY-MM-DD, not in the past' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate?: string;
  @ApiPropertyOptional({ enum: ACTION_ITEM_PRIORITIES, default: 'P2' })
  @IsOptional()
  @IsIn(ACTION_ITEM_PRIORITIES)
  priority?: (typeof ACTION_ITEM_PRIORITIES)[number];
  @ApiProperty({ enum: ACTION_ITEM_TYPES })
  @IsIn(ACTION_ITEM_TYPES)
  type!: (typeof ACTION_ITEM_TYPES)[number];
  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: (typeof ACTION_ITEM_STATUSES)[number];
  @ApiPropertyOptional({ example: 'https://jira.example.com/browse/SRE-42' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  externalUrl?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The review meeting of this postmortem it was decided in; null unlinks it',
  })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;
}

export class UpdateActionItemDto extends PartialType(CreateActionItemDto) {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
}

export class ActionItemDto extends CreateActionItemDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The linked owner's e-mail, or the unlinked free text",
  })
  declare owner: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) declare ownerId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The owner's display name" })
  ownerName!: string | null;
  @ApiProperty({
    description: 'The owner is free text matching no user (from before owners had to be users)',
  })
  ownerUnlinked!: boolean;
  @ApiProperty() postmortemId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) sourceKey!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty() version!: number;
}

export class ActionItemPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [ActionItemDto] }) items!: ActionItemDto[];
}

export class ActionItemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: (typeof ACTION_ITEM_STATUSES)[number];
  @ApiPropertyOptional({
    description: "Owner's e-mail (linked items, and unlinked text equal to it)",
  })
  @IsOptional()
  @IsString()
  owner?: string;
  @ApiPropertyOptional({ description: "Owner's user id" }) @IsOptional() @IsUUID() ownerId?: string;
  @ApiPropertyOptional({ enum: ACTION_ITEM_TYPES })
  @IsOptional()
  @IsIn(ACTION_ITEM_TYPES)
  type?: (typeof ACTION_ITEM_TYPES)[number];
  @ApiPropertyOptional({ enum: ACTION_ITEM_PRIORITIES })
  @IsOptional()
  @IsIn(ACTION_ITEM_PRIORITIES)
  priority?: (typeof ACTION_ITEM_PRIORITIES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() postmortemId?: string;
  @ApiPropertyOptional({ description: 'Only open items whose due date has passed' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
}

export class VersionQueryDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class CursorQueryDto extends PageQueryDto {}

export class ActionItemActivityDto {
  @ApiProperty() id!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() actionItemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['created', 'updated', 'deleted'] }) action!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ description: '{ field: { from, to } }' }) changes!: Record<string, unknown>;
  @ApiProperty() createdAt!: Date;
}

export class ActionItemActivityPageDto {
  @ApiProperty({ type: [ActionItemActivityDto] }) items!: ActionItemActivityDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TemplateSectionDto {
  @ApiProperty({ enum: SECTION_KEYS }) @IsIn(SECTION_KEYS) key!: (typeof SECTION_KEYS)[number];
  @ApiProperty() @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ description: 'Liquid source' }) @IsString() @MaxLength(100_000) body!: string;
  @ApiProperty() @IsBoolean() internal!: boolean;
}

export class CreateTemplateDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional({ type: [String], enum: SEVERITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(SEVERITIES, { each: true })
  severities?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  labels?: string[];
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(-INT4_MAX)
  @Max(INT4_MAX)
  priority?: number;
  @ApiProperty({ type: [TemplateSectionDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TemplateSectionDto)
  sections!: TemplateSectionDto[];
}

export class UpdateTemplateDto extends PartialType(CreateTemplateDto) {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
}

export class DeadlineQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() owner?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: string;
}

export class MetricsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;
  @ApiPropertyOptional({ description: 'Resolved at or after (ISO instant)' })
  @IsOptional()
  @IsDateString()
  from?: string;
  @ApiPropertyOptional({ description: 'Resolved before (ISO instant)' })
  @IsOptional()
  @IsDateString()
  to?: string;
}
