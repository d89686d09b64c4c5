import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto, INT4_MAX } from '@rca/shared';
import {
  CRITICALITIES,
  Criticality,
  DEPENDENCY_KINDS,
  DependencyEntity,
  DependencyKind,
} from './dependency.entity';
import { ServiceEntity } from './service.entity';
import { VendorComponentEntity } from './vendor-component.entity';
import { VendorEntity } from './vendor.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  '$property must be lowercase letters, digits and single dashes (e.g. chat-web)';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateServiceDto {
  @ApiProperty({ example: 'chat-web' })
  @IsString()
  @MaxLength(80)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug!: string;

  @ApiProperty({ example: 'Chat web' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'web-platform', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ownerTeam?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, default: 3, description: '1 = most critical' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  tier?: number;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class UpdateServiceDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ownerTeam?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  tier?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class ListServicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text search on name and slug' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(4)
  tier?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ownerTeam?: string;
}

export class CreateVendorDto {
  @ApiProperty({ example: 'cloudflare' })
  @IsString()
  @MaxLength(80)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug!: string;

  @ApiProperty({ example: 'Cloudflare' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'https://www.cloudflare.com', nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  website?: string | null;

  @ApiPropertyOptional({ example: 'https://www.cloudflarestatus.com', nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  statusPageUrl?: string | null;
}

export class UpdateVendorDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  website?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  statusPageUrl?: string | null;
}

export class ListVendorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text search on name and slug' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class CreateVendorComponentDto {
  @ApiProperty({ example: 'CDN/Cache' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ description: "The status page's component id", nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  groupName?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class UpdateVendorComponentDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  groupName?: string | null;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class LinkVendorComponentDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiProperty({
    description: "The status page's component id (Statuspage `components[].id`)",
    example: 'kgmw5ynkk0kw',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  externalId!: string;
}

export class MergeVendorComponentDto {
  @ApiProperty({ description: 'The version you read of the component that is kept' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiProperty({ format: 'uuid', description: 'The duplicate, merged into this one and deleted' })
  @IsUUID()
  duplicateId!: string;
}

export class CreateDependencyDto {
  @ApiProperty({ description: 'The service that depends' })
  @IsUUID()
  serviceId!: string;

  @ApiPropertyOptional({ description: 'Target: a vendor component (or give dependsOnServiceId)' })
  @IsOptional()
  @IsUUID()
  vendorComponentId?: string;

  @ApiPropertyOptional({
    description: 'Target: another of our services (or give vendorComponentId)',
  })
  @IsOptional()
  @IsUUID()
  dependsOnServiceId?: string;

  @ApiProperty({ enum: DEPENDENCY_KINDS })
  @IsIn(DEPENDENCY_KINDS)
  kind!: DependencyKind;

  @ApiPropertyOptional({ enum: CRITICALITIES, default: 'high' })
  @IsOptional()
  @IsIn(CRITICALITIES)
  criticality?: Criticality;

  @ApiPropertyOptional({ default: false, description: 'An alternative exists (multi-CDN, …)' })
  @IsOptional()
  @IsBoolean()
  hasFallback?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class UpdateDependencyDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
  @ApiPropertyOptional({ enum: DEPENDENCY_KINDS })
  @IsOptional()
  @IsIn(DEPENDENCY_KINDS)
  kind?: DependencyKind;
  @ApiPropertyOptional({ enum: CRITICALITIES })
  @IsOptional()
  @IsIn(CRITICALITIES)
  criticality?: Criticality;
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  hasFallback?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class ListDependenciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() serviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() vendorComponentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() dependsOnServiceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() vendorId?: string;
  @ApiPropertyOptional({ enum: DEPENDENCY_KINDS })
  @IsOptional()
  @IsIn(DEPENDENCY_KINDS)
  kind?: DependencyKind;
}

export class DeleteQueryDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version!: number;
}

export class BlastRadiusQueryDto {
  @ApiPropertyOptional({ description: 'Vendor id or slug' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  vendor?: string;

  @ApiPropertyOptional({ description: 'Vendor component id' })
  @IsOptional()
  @IsUUID()
  component?: string;
}

export class BlastRadiusServiceDto {
  @ApiProperty() serviceId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() tier!: number;
  @ApiProperty({ description: '1 = depends on the component directly' }) depth!: number;
  @ApiProperty({ description: 'Shortest dependency path, component first', type: [String] })
  path!: string[];
  @ApiProperty({ description: 'Every path to the component has no fallback' })
  singlePointOfFailure!: boolean;
}

export class BlastRadiusDto {
  @ApiProperty() vendor!: { id: string; slug: string; name: string };
  @ApiProperty({ description: 'The components considered' })
  components!: Array<{ id: string; name: string }>;
  @ApiProperty({ type: [BlastRadiusServiceDto] }) services!: BlastRadiusServiceDto[];
  @ApiProperty({ type: [BlastRadiusServiceDto], description: 'Services with no fallback' })
  singlePointsOfFailure!: BlastRadiusServiceDto[];
}

// Responses (documented for OpenAPI)

export class ServicePageDto {
  @ApiProperty({ type: [ServiceEntity] }) items!: ServiceEntity[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}

export class VendorPageDto {
  @ApiProperty({ type: [VendorEntity] }) items!: VendorEntity[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class VendorComponentPageDto {
  @ApiProperty({ type: [VendorComponentEntity] }) items!: VendorComponentEntity[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DependencyPageDto {
  @ApiProperty({ type: [DependencyEntity] }) items!: DependencyEntity[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
