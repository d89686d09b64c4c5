import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { TemplateSectionDto } from './postmortem.dto';

/** POST /api/postmortem-templates/preview: sections (saved or not) rendered against an incident. */
export class PreviewTemplateDto {
  @ApiProperty({ format: 'uuid', description: 'The incident whose record fills the template' })
  @IsUUID('all')
  incidentId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A stored template to render; ignored when `sections` is given',
  })
  @IsOptional()
  @IsUUID('all')
  templateId?: string;

  @ApiPropertyOptional({
    type: [TemplateSectionDto],
    description:
      'Sections as being edited (need not be saved); without them, `templateId` or the built-in template',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TemplateSectionDto)
  sections?: TemplateSectionDto[];
}

export class PreviewSectionDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The Markdown the draft would write' }) markdown!: string;
  @ApiProperty() internal!: boolean;
}

export class TemplatePreviewDto {
  @ApiProperty() incidentId!: string;
  @ApiProperty({ example: 'INC-2025-0042' }) reference!: string;
  @ApiProperty({ example: 'Europe/Paris', description: 'Zone the times are written in' })
  displayZone!: string;
  @ApiProperty({ type: [PreviewSectionDto] }) sections!: PreviewSectionDto[];
}
