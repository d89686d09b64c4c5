import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  Max,
} from 'class-validator';
import { CursorPageMetaDto, PageQueryDto, INT4_MAX } from '@rca/shared';
import { EXPORT_FORMATS, EXPORT_VARIANTS, ExportFormat, ExportVariant } from './exporter';
import { EXPORT_RUN_STATUSES, EXPORT_RUN_TRIGGERS, ExportRunStatus } from './export-run.entity';
import { EXPORT_TARGET_KINDS, ExportTargetKind } from './export-target.entity';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS as unknown as string[])
  format!: ExportFormat;

  @ApiPropertyOptional({ enum: EXPORT_VARIANTS, default: 'internal' })
  @IsOptional()
  @IsIn(EXPORT_VARIANTS as unknown as string[])
  variant: ExportVariant = 'internal';

  @ApiPropertyOptional({ description: 'true: Content-Disposition inline instead of attachment' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inline?: boolean;
}

export class CreateExportTargetDto {
  @ApiProperty({ example: 'Engineering wiki' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ enum: EXPORT_TARGET_KINDS })
  @IsIn(EXPORT_TARGET_KINDS as unknown as string[])
  kind!: ExportTargetKind;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Only postmortems of this team are pushed on publish; null: all teams',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: EXPORT_VARIANTS, default: 'internal' })
  @IsOptional()
  @IsIn(EXPORT_VARIANTS as unknown as string[])
  variant?: ExportVariant;

  @ApiPropertyOptional({
    type: [String],
    description: 'Extra regular expressions redacted from the public variant',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  redactPatterns?: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'git: url, branch, folder, authorName, authorEmail, pageUrlPrefix · webhook: url · confluence: baseUrl, spaceId, parentId',
  })
  @IsObject()
  config!: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description:
      'Write-only, encrypted at rest. git: username, token · webhook: secret · confluence: email, apiToken',
  })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string> | null;
}

export class UpdateExportTargetDto {
  @ApiProperty({ description: 'Current version (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 120) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) team?:
    string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ enum: EXPORT_VARIANTS })
  @IsOptional()
  @IsIn(EXPORT_VARIANTS as unknown as string[])
  variant?: ExportVariant;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  redactPatterns?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  config?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'Replaces the stored credentials; null removes them; omitted keeps them',
  })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string> | null;
}

export class ExportTargetQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_TARGET_KINDS })
  @IsOptional()
  @IsIn(EXPORT_TARGET_KINDS as unknown as string[])
  kind?: ExportTargetKind;

  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;
}

export class ExportTargetDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: EXPORT_TARGET_KINDS }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: EXPORT_VARIANTS }) variant!: string;
  @ApiProperty({ type: [String] }) redactPatterns!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) config!: Record<
    string,
    string
  >;
  @ApiProperty({
    type: [String],
    description: 'Names of the stored credentials (values are never returned)',
  })
  credentialKeys!: string[];
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ExportTargetPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [ExportTargetDto] }) items!: ExportTargetDto[];
}

export class PushExportDto {
  @ApiPropertyOptional({
    description: "One target; omitted: every enabled target of the postmortem's team",
  })
  @IsOptional()
  @IsUUID()
  targetId?: string;

  @ApiPropertyOptional({
    description: 'Push again even if this revision was already pushed to the target',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class ExportRunDto {
  @ApiProperty() id!: string;
  @ApiProperty() idempotencyKey!: string;
  @ApiProperty() targetId!: string;
  @ApiProperty() targetKind!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: EXPORT_RUN_TRIGGERS }) trigger!: string;
  @ApiProperty({ enum: EXPORT_RUN_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) externalRevision!: string | null;
  @ApiProperty({ nullable: true, type: String }) externalUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) checksum!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ExportRunPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [ExportRunDto] }) items!: ExportRunDto[];
}

export class ExportRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() targetId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() postmortemId?: string;

  @ApiPropertyOptional({ enum: EXPORT_RUN_STATUSES })
  @IsOptional()
  @IsIn(EXPORT_RUN_STATUSES as unknown as string[])
  status?: ExportRunStatus;
}
