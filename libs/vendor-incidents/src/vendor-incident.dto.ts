import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@rca/shared';
import {
  VENDOR_INCIDENT_KINDS,
  VENDOR_INCIDENT_STATUSES,
  VendorIncidentEntity,
  VendorIncidentKind,
} from './vendor-incident.entity';
import { VendorIncidentUpdateEntity } from './vendor-incident-update.entity';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListVendorIncidentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: VENDOR_INCIDENT_KINDS })
  @IsOptional()
  @IsIn(VENDOR_INCIDENT_KINDS)
  kind?: VendorIncidentKind;

  @ApiPropertyOptional({
    description: 'true: only unresolved ones (no resolvedAt); false: only resolved ones',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  open?: boolean;
}

export class VendorIncidentUpdateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ format: 'date-time' }) at!: Date;
  @ApiProperty({ description: 'Exactly what the vendor sent' }) rawStatus!: string;
  @ApiProperty({ enum: VENDOR_INCIDENT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Safe Markdown/text' }) body!: string;
}

/** A vendor incident without its raw payload, with its updates (oldest first). */
export class VendorIncidentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ enum: VENDOR_INCIDENT_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() rawStatus!: string;
  @ApiProperty({ enum: VENDOR_INCIDENT_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) rawImpact!: string | null;
  @ApiProperty({ nullable: true, type: String }) impact!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  vendorUpdatedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) shortlink!: string | null;
  @ApiProperty({ type: [VendorIncidentUpdateView] }) updates!: VendorIncidentUpdateView[];
}

export class VendorIncidentPageDto {
  @ApiProperty({ type: [VendorIncidentView] }) items!: VendorIncidentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function toVendorIncidentView(
  incident: VendorIncidentEntity,
  updates: VendorIncidentUpdateEntity[],
): VendorIncidentView {
  return {
    id: incident.id,
    vendorId: incident.vendorId,
    externalId: incident.externalId,
    kind: incident.kind,
    title: incident.title,
    rawStatus: incident.rawStatus,
    status: incident.status,
    rawImpact: incident.rawImpact,
    impact: incident.impact,
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt,
    vendorUpdatedAt: incident.vendorUpdatedAt,
    shortlink: incident.shortlink,
    updates: updates.map((update) => ({
      id: update.id,
      externalId: update.externalId,
      at: update.at,
      rawStatus: update.rawStatus,
      status: update.status,
      body: update.body,
    })),
  };
}
