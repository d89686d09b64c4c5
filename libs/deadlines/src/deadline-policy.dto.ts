import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { CursorPageMetaDto, PageQueryDto, INT4_MAX } from '@rca/shared';

export const SEVERITY_VALUES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];

export class CreateDeadlinePolicyDto {
  @ApiProperty({ enum: SEVERITY_VALUES }) @IsIn(SEVERITY_VALUES) severity!: string;
  @ApiPropertyOptional({ description: 'Only this team; omit for every team' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  team?: string;
  @ApiProperty({ example: 5, description: 'Nth business day after the resolution day (1–365)' })
  @IsInt()
  businessDays!: number;
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone' })
  @IsString()
  @Length(1, 64)
  zone!: string;
  @ApiPropertyOptional({
    example: 'US',
    description: 'Holiday calendar country (ISO 3166-1 alpha-2)',
  })
  @IsOptional()
  @IsString()
  @Length(2, 3)
  country?: string;
  @ApiPropertyOptional({ example: 'CA', description: 'Region/state of the holiday calendar' })
  @IsOptional()
  @IsString()
  @Length(1, 10)
  region?: string;
  @ApiPropertyOptional({ type: [String], example: ['2025-12-26'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    each: true,
    message: 'each customHolidays entry must be a date YYYY-MM-DD',
  })
  customHolidays?: string[];
  @ApiPropertyOptional({ example: '17:00', default: '17:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'dueTime must be a time of day HH:mm' })
  dueTime?: string;
  @ApiPropertyOptional({
    type: [Number],
    example: [48, 24, 0],
    description: 'Reminders this many hours before the due instant',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  reminderHoursBefore?: number[];
  @ApiPropertyOptional({ example: 24, default: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  escalationEveryHours?: number;
}

export class UpdateDeadlinePolicyDto extends PartialType(CreateDeadlinePolicyDto) {
  @ApiProperty({ description: 'Version you read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class DeadlinePolicyDto extends CreateDeadlinePolicyDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DeadlinePolicyPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [DeadlinePolicyDto] }) items!: DeadlinePolicyDto[];
}

export class DeadlinePolicyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SEVERITY_VALUES })
  @IsOptional()
  @IsIn(SEVERITY_VALUES)
  severity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() team?: string;
}
