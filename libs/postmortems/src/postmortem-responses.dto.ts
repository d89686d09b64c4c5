// Response shapes for the OpenAPI document.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageMetaDto } from '@rca/shared';
import { ChecklistDto, PostmortemDto, SectionDto, TemplateSectionDto } from './postmortem.dto';

export class DraftResultDto {
  @ApiProperty() postmortemId!: string;
  @ApiProperty({ description: 'The postmortem was created by this run' }) created!: boolean;
  @ApiProperty({ description: 'This exact draft was already written; nothing changed' })
  skipped!: boolean;
  @ApiProperty({ example: 'builtin:google-sre@1' }) templateKey!: string;
  @ApiProperty({ type: [String], description: 'Generated sections rewritten' })
  rewritten!: string[];
  @ApiProperty({ type: [String], description: 'Sections a person edited, left untouched' })
  kept!: string[];
  @ApiProperty() actionItemsCreated!: number;
  @ApiProperty() durationMs!: number;
}

export class ReviewRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() reviewer!: string;
  @ApiProperty({ enum: ['approved', 'changes_requested'] }) decision!: string;
  @ApiProperty({ type: ChecklistDto }) checklist!: ChecklistDto;
  @ApiProperty() comment!: string;
  @ApiProperty() createdAt!: Date;
}

export class ReviewResultDto {
  @ApiProperty({ type: PostmortemDto }) postmortem!: PostmortemDto;
  @ApiProperty({
    type: [String],
    description: 'Required reviewers who have not approved this round',
  })
  approvalsMissing!: string[];
}

export class RevisionSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() number!: number;
  @ApiProperty() author!: string;
  @ApiProperty({ example: 'edit' }) reason!: string;
  @ApiProperty({ type: [String] }) changedSections!: string[];
  @ApiProperty() status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() createdAt!: Date;
}

export class RevisionDto extends RevisionSummaryDto {
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
}

export class RevisionPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [RevisionSummaryDto] }) items!: RevisionSummaryDto[];
}

export class SectionDiffDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '{ from, to } internal flags' }) internal!: Record<
    string,
    boolean | null
  >;
  @ApiPropertyOptional({ description: 'Unified patch (mode=unified)' }) patch?: string;
  @ApiPropertyOptional({ description: 'Word changes { value, added, removed } (mode=words)' })
  changes?: Array<{ value: string; added: boolean; removed: boolean }>;
}

export class DiffDto {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ enum: ['unified', 'words'] }) mode!: string;
  @ApiProperty() titleChanged!: boolean;
  @ApiProperty({ type: [SectionDiffDto], description: 'Only sections that differ' })
  sections!: SectionDiffDto[];
}

export class RenderedSectionDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() internal!: boolean;
  @ApiProperty({ description: 'Sanitised HTML' }) html!: string;
}

export class RenderedDto {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: ['internal', 'public'] }) audience!: string;
  @ApiProperty({ description: 'The whole document as sanitised HTML' }) html!: string;
  @ApiProperty({ type: [RenderedSectionDto] }) sections!: RenderedSectionDto[];
}

export class TemplateDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) severities!: string[];
  @ApiProperty({ type: [String] }) labels!: string[];
  @ApiProperty() priority!: number;
  @ApiProperty({ type: [TemplateSectionDto] }) sections!: TemplateSectionDto[];
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class TemplatePageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [TemplateDto] }) items!: TemplateDto[];
}

export class DeadlineItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() incidentId!: string;
  @ApiProperty({ example: 'INC-2025-0042' }) reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty() severity!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) team!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty() dueAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) resolvedAt!: Date | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'Negative when overdue' }) hoursLeft!: number;
}

export class DeadlinePageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [DeadlineItemDto] }) items!: DeadlineItemDto[];
  @ApiProperty({ description: 'Postmortems not yet published matching the filters, all pages' })
  total!: number;
}

export class OnTimeRowDto {
  @ApiProperty({ example: '2025-11' }) month!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) team!: string | null;
  @ApiProperty({ description: 'Postmortems due that month (published, or past due)' }) due!: number;
  @ApiProperty() published!: number;
  @ApiProperty() onTime!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) onTimeRate!: number | null;
}

export class ActionItemMetricsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'done + wont_do' }) closed!: number;
  @ApiProperty() done!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) closureRate!: number | null;
}

export class PublishMonthDto {
  @ApiProperty({ example: '2025-11' }) month!: string;
  @ApiProperty() published!: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Median resolve → publish' })
  medianHours!: number | null;
}

export class RcaMetricsDto {
  @ApiProperty({ type: [OnTimeRowDto] }) onTimeByMonth!: OnTimeRowDto[];
  @ApiPropertyOptional({ nullable: true, type: Number }) medianResolveToPublishHours!:
    number | null;
  @ApiProperty() publishedCount!: number;
  @ApiProperty() overdueCount!: number;
  @ApiProperty({ type: ActionItemMetricsDto }) actionItems!: ActionItemMetricsDto;
  @ApiProperty({ description: 'Not published yet (overdueCount of them past due)' })
  openCount!: number;
  @ApiProperty({ type: [PublishMonthDto] }) timeToPublishByMonth!: PublishMonthDto[];
}
