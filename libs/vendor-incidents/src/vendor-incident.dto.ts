import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@rca/shared';
import { VENDOR_COMPONENT_STATUSES } from './vendor-incident-component.entity';
import {
  VENDOR_RESOLUTION_SOURCES,
  VendorResolutionSource,
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

  @ApiPropertyOptional({
    description:
      'true: each update carries `history`, the texts it had before the vendor edited it',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  history?: boolean;
}

export class VendorIncidentQueryDto {
  @ApiPropertyOptional({
    description:
      'true: each update carries `history`, the texts it had before the vendor edited it',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  history?: boolean;
}

export class VendorUpdateRevisionView {
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'The raw status it had' }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'When the import replaced it' })
  replacedAt!: string;
}

export class VendorIncidentComponentView {
  @ApiProperty({ format: 'uuid' }) vendorComponentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) groupName!: string | null;
  @ApiProperty({ description: 'Exactly what the vendor sent' }) rawStatus!: string;
  @ApiProperty({ enum: VENDOR_COMPONENT_STATUSES, description: 'Latest reported status' })
  status!: string;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        at: { type: 'string', format: 'date-time' },
        status: { type: 'string', enum: [...VENDOR_COMPONENT_STATUSES] },
        rawStatus: { type: 'string' },
      },
    },
    description:
      'Statuses over time, oldest first (at: the update that recorded it, else the page clock of the poll that saw it)',
  })
  statuses!: Array<{ at: Date; status: string; rawStatus: string }>;
}

export class VendorIncidentUpdateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ format: 'date-time' }) at!: Date;
  @ApiProperty({ description: 'Exactly what the vendor sent' }) rawStatus!: string;
  @ApiProperty({ enum: VENDOR_INCIDENT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Safe Markdown/text: the latest text the vendor posted' })
  body!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When an edit of the text was first imported (null: never edited)',
  })
  editedAt!: Date | null;
  @ApiPropertyOptional({
    type: [VendorUpdateRevisionView],
    description: 'Earlier texts, oldest first (only with ?history=true)',
  })
  history?: VendorUpdateRevisionView[];
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
  @ApiProperty({
    enum: VENDOR_RESOLUTION_SOURCES,
    nullable: true,
    description:
      'Where resolvedAt comes from: page (the feed), history (looked up in the page history after it left the feed), left_page (inferred: it left a feed that lists only open incidents)',
  })
  resolutionSource!: VendorResolutionSource | null;
  @ApiProperty({
    description: 'True when the end is inferred (left the page), not said by the vendor',
  })
  resolvedInferred!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: "The page's clock at the last poll that listed it",
  })
  lastSeenAt!: Date | null;
  @ApiProperty({ type: [VendorIncidentUpdateView] }) updates!: VendorIncidentUpdateView[];
  @ApiProperty({
    type: [VendorIncidentComponentView],
    description: 'The vendor components it affects, with their statuses over time',
  })
  components!: VendorIncidentComponentView[];
}

export class VendorIncidentPageDto {
  @ApiProperty({ type: [VendorIncidentView] }) items!: VendorIncidentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export interface ComponentRows {
  current: Array<{
    vendorComponentId: string;
    componentName: string;
    groupName: string | null;
    rawStatus: string;
    status: string;
  }>;
  statuses: Array<{ vendorComponentId: string; at: Date; rawStatus: string; status: string }>;
}

export function toVendorIncidentView(
  incident: VendorIncidentEntity,
  updates: VendorIncidentUpdateEntity[],
  components: ComponentRows = { current: [], statuses: [] },
  options: { history?: boolean } = {},
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
    resolutionSource: incident.resolutionSource,
    resolvedInferred: incident.resolutionSource === 'left_page',
    lastSeenAt: incident.lastSeenAt,
    updates: updates.map((update) => ({
      id: update.id,
      externalId: update.externalId,
      at: update.at,
      rawStatus: update.rawStatus,
      status: update.status,
      body: update.body,
      editedAt: update.editedAt,
      ...(options.history ? { history: update.history } : {}),
    })),
    components: components.current.map((c) => ({
      vendorComponentId: c.vendorComponentId,
      name: c.componentName,
      groupName: c.groupName,
      rawStatus: c.rawStatus,
      status: c.status,
      // Transitions only: updates often re-tag a component with the status it already has.
      statuses: components.statuses
        .filter((s) => s.vendorComponentId === c.vendorComponentId)
        .filter((s, index, all) => index === 0 || all[index - 1].rawStatus !== s.rawStatus)
        .map((s) => ({ at: s.at, status: s.status, rawStatus: s.rawStatus })),
    })),
  };
}
