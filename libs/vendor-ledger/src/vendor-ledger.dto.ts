import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { INT4_MAX } from '@rca/shared';
import {
  EVIDENCE_FORMATS,
  LEDGER_PERIOD_KINDS,
  type EvidenceFormat,
  type LedgerPeriodKind,
} from '@rca/api-contract';

export class LedgerQueryDto {
  @ApiPropertyOptional({ enum: LEDGER_PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(LEDGER_PERIOD_KINDS)
  period?: LedgerPeriodKind;

  @ApiPropertyOptional({
    example: '2025-11-18',
    description: 'A day (or instant) inside the period; default: now',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, {
    message: 'at must be a date YYYY-MM-DD or an ISO instant',
  })
  at?: string;

  @ApiPropertyOptional({
    example: 'Europe/Paris',
    default: 'UTC',
    description: 'Zone of the period boundaries',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  zone?: string;

  @ApiPropertyOptional({ description: 'Only this vendor (id or slug)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  vendor?: string;

  @ApiPropertyOptional({ description: "Only services of this team (the catalog's owner team)" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  team?: string;

  @ApiPropertyOptional({ description: 'Only this service (id or slug)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  service?: string;
}

export class CreditTierDto {
  @ApiProperty({ example: 99.9, description: 'Availability below this percent…' })
  @IsNumber()
  @Min(0)
  @Max(100)
  belowPercent!: number;

  @ApiProperty({ example: 25, description: '…earns this credit, percent of the monthly fee' })
  @IsNumber()
  @Min(0)
  @Max(100)
  creditPercent!: number;
}

export class CreateSlaContractDto {
  @ApiProperty({ example: 'cloudflare', description: 'Vendor id or slug' })
  @IsString()
  @Length(1, 200)
  vendor!: string;

  @ApiProperty({ example: 'Enterprise plan' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 99.99, description: 'Monthly availability target, percent' })
  @IsNumber()
  @Min(0)
  @Max(100)
  targetPercent!: number;

  @ApiProperty({
    type: [String],
    description: "The vendor's components whose unavailability counts",
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  componentIds!: string[];

  @ApiProperty({ type: [CreditTierDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreditTierDto)
  tiers!: CreditTierDto[];

  @ApiPropertyOptional({
    example: 2,
    default: 2,
    description: 'Claims accepted until the end of this many billing cycles after the month',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(36)
  claimWindowCycles?: number;

  @ApiPropertyOptional({
    example: 'https://dash.cloudflare.com/?to=/:account/support',
    description: 'Where claims go (e-mail, URL or text)',
  })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  claimTo?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The contract owner (a user), who gets the reminders',
  })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({
    example: 'UTC',
    default: 'UTC',
    description: 'Zone of the billing months',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  zone?: string;
}

class SlaContractPatchFields extends PartialType(CreateSlaContractDto) {}

export class UpdateSlaContractDto extends SlaContractPatchFields {
  @ApiProperty({ description: 'The version you read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
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

export class EvidenceQueryDto {
  @ApiPropertyOptional({ enum: EVIDENCE_FORMATS, default: 'markdown' })
  @IsOptional()
  @IsIn(EVIDENCE_FORMATS)
  format?: EvidenceFormat;
}
