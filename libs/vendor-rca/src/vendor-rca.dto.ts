import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { VENDOR_REPORT_SOURCES, VENDOR_RCA_STATES } from '@rca/api-contract';
import { VENDOR_REPORT_TEXT_LIMIT } from '@rca/vendor-incidents';

/** PUT /api/vendors/:idOrSlug/rca-expectation */
export class VendorRcaExpectationDto {
  @ApiProperty({
    example: 5,
    description:
      "The vendor's report is expected by the Nth business day after its incident resolved (1–365)",
  })
  @IsInt()
  @Min(1)
  @Max(365)
  businessDays!: number;

  @ApiProperty({
    example: 'America/Los_Angeles',
    description: 'IANA time zone the days are counted in',
  })
  @IsString()
  @Length(1, 64)
  zone!: string;

  @ApiPropertyOptional({
    example: 'US',
    nullable: true,
    description: 'Public-holiday calendar (ISO 3166-1 alpha-2); omit or null for weekends only',
  })
  @IsOptional()
  @IsString()
  @Length(2, 3)
  country?: string | null;

  @ApiPropertyOptional({
    example: 'CA',
    nullable: true,
    description: 'Region/state of the holiday calendar',
  })
  @IsOptional()
  @IsString()
  @Length(1, 10)
  region?: string | null;

  @ApiPropertyOptional({
    example: '23:59',
    default: '23:59',
    description: 'HH:mm in the zone on the last day',
  })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'dueTime must be a time of day HH:mm' })
  dueTime?: string;
}

export class VendorRcaExpectationViewDto {
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() businessDays!: number;
  @ApiProperty() zone!: string;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty() dueTime!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

export class VendorRcaExpectationEnvelopeDto {
  @ApiProperty({ type: VendorRcaExpectationViewDto, nullable: true })
  expectation!: VendorRcaExpectationViewDto | null;
}

/** POST /api/vendor-incidents/:id/report */
export class PasteVendorReportDto {
  @ApiProperty({
    example: 'https://blog.cloudflare.com/18-november-2025-outage/',
    description: "Link to the vendor's post-incident report (http or https)",
  })
  @IsString()
  @MaxLength(2_000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    {
      message: 'url must be an http(s) link',
    },
  )
  url!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the vendor published it; default now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'publishedAt must be an ISO-8601 instant' })
  publishedAt?: string;

  @ApiPropertyOptional({
    description: `The report's text or a summary (HTML is stripped; at most ${VENDOR_REPORT_TEXT_LIMIT} characters)`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(VENDOR_REPORT_TEXT_LIMIT)
  text?: string;
}

export class VendorReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) vendorIncidentId!: string;
  @ApiProperty({ enum: VENDOR_REPORT_SOURCES }) source!: (typeof VENDOR_REPORT_SOURCES)[number];
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true }) pastedBy!: string | null;
}

export class VendorRcaStatusDto {
  @ApiProperty({ format: 'uuid' }) causeId!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() vendorName!: string;
  @ApiProperty({ format: 'uuid' }) vendorIncidentId!: string;
  @ApiProperty() vendorIncidentTitle!: string;
  @ApiProperty({ type: Object, nullable: true }) expectation!: Record<string, unknown> | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '5 business days, America/Los_Angeles, US holidays',
  })
  expectationText!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expectedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-11-25' }) expectedByDate!:
    string | null;
  @ApiProperty({ enum: VENDOR_RCA_STATES }) state!: (typeof VENDOR_RCA_STATES)[number];
  @ApiProperty({ type: VendorReportDto, nullable: true }) report!: VendorReportDto | null;
}

export class VendorRcaStatusListDto {
  @ApiProperty({ type: [VendorRcaStatusDto] }) items!: VendorRcaStatusDto[];
}

export class OverdueVendorRcaQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) owner?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class OverdueVendorRcaDto {
  @ApiProperty({ format: 'uuid' }) causeId!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() incidentTitle!: string;
  @ApiProperty() vendorName!: string;
  @ApiProperty() vendorIncidentTitle!: string;
  @ApiProperty({ format: 'date-time' }) expectedBy!: string;
  @ApiProperty() expectationText!: string;
  @ApiProperty({ type: String, nullable: true }) postmortemId!: string | null;
  @ApiProperty({ type: String, nullable: true }) owner!: string | null;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notifiedAt!: string | null;
}

export class OverdueVendorRcaListDto {
  @ApiProperty({ type: [OverdueVendorRcaDto] }) items!: OverdueVendorRcaDto[];
}
