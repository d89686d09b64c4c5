import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CATALOG_IMPORT_ACTIONS,
  CATALOG_IMPORT_FORMATS,
  CATALOG_IMPORT_KINDS,
  CATALOG_IMPORT_MAX_CHARS,
  type CatalogImportAction,
  type CatalogImportFormat,
  type CatalogImportKind,
} from '@rca/api-contract';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  CRITICALITIES,
  DEPENDENCY_KINDS,
  type Criticality,
  type DependencyKind,
} from './dependency.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  '$property must be lowercase letters, digits and single dashes (e.g. chat-web)';

export class ImportCatalogDto {
  @ApiProperty({ enum: CATALOG_IMPORT_FORMATS, description: 'How `content` is written' })
  @IsIn(CATALOG_IMPORT_FORMATS)
  format!: CatalogImportFormat;

  @ApiProperty({
    description: `The file's text (at most ${CATALOG_IMPORT_MAX_CHARS} characters); format in docs/incidents.md#catalog-import`,
    example: 'services:\n  - name: Chat web\n    ownerTeam: web-platform\n',
  })
  @IsString()
  @MinLength(1, { message: 'content is empty' })
  @MaxLength(CATALOG_IMPORT_MAX_CHARS, {
    message: `content is larger than ${CATALOG_IMPORT_MAX_CHARS / 1024} KiB; split the file`,
  })
  content!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'true: validate and report what would change, store nothing',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

// One entry of the file, after parsing (CSV cells already turned into numbers and booleans).

export class ImportServiceEntry {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(80) @Matches(SLUG, { message: SLUG_MESSAGE }) slug?: string;
  @IsOptional() @IsString() @MaxLength(200) ownerTeam?: string;
  @IsOptional() @IsInt() @Min(1) @Max(4) tier?: number;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

export class ImportVendorEntry {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(80) @Matches(SLUG, { message: SLUG_MESSAGE }) slug?: string;
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  website?: string;
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  statusPageUrl?: string;
}

export class ImportComponentEntry {
  /** The vendor's name or slug. */
  @IsString() @MinLength(1) @MaxLength(200) vendor!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(200) groupName?: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

export class ImportDependencyEntry {
  /** The depending service's name or slug. */
  @IsString() @MinLength(1) @MaxLength(200) service!: string;
  /** With `component`: the vendor's name or slug. */
  @IsOptional() @IsString() @MaxLength(200) vendor?: string;
  @IsOptional() @IsString() @MaxLength(200) component?: string;
  /** Or another service's name or slug. */
  @IsOptional() @IsString() @MaxLength(200) dependsOnService?: string;
  @IsIn(DEPENDENCY_KINDS) kind!: DependencyKind;
  @IsOptional() @IsIn(CRITICALITIES) criticality?: Criticality;
  @IsOptional() @IsBoolean() hasFallback?: boolean;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string;
}

export class CatalogImportChangeDto {
  @ApiProperty({ enum: CATALOG_IMPORT_KINDS }) kind!: CatalogImportKind;
  @ApiProperty({ example: 'Cloudflare / CDN/Cache' }) name!: string;
  @ApiProperty({ enum: CATALOG_IMPORT_ACTIONS }) action!: CatalogImportAction;
  @ApiProperty({ type: [String], description: 'Fields an update changes' }) fields!: string[];
}

export class CatalogImportCountDto {
  @ApiProperty() create!: number;
  @ApiProperty() update!: number;
  @ApiProperty() unchanged!: number;
}

export class CatalogImportCountsDto {
  @ApiProperty({ type: CatalogImportCountDto }) service!: CatalogImportCountDto;
  @ApiProperty({ type: CatalogImportCountDto }) vendor!: CatalogImportCountDto;
  @ApiProperty({ type: CatalogImportCountDto }) component!: CatalogImportCountDto;
  @ApiProperty({ type: CatalogImportCountDto }) dependency!: CatalogImportCountDto;
}

export class CatalogImportResultDto {
  @ApiProperty({ description: 'true: nothing was stored' }) dryRun!: boolean;
  @ApiProperty({ type: CatalogImportCountsDto }) counts!: CatalogImportCountsDto;
  @ApiProperty({ type: [CatalogImportChangeDto] }) changes!: CatalogImportChangeDto[];
}
