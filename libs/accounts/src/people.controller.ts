import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PageQueryDto } from '@rca/shared';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { UsersService } from './users.service';

export class PeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name or e-mail (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class PersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'false for a disabled user (still named on records)' })
  active!: boolean;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonDto] }) items!: PersonDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** Who can be named as an owner, reviewer or mention: every signed-in role may look people up. */
@ApiTags('users')
@Controller()
export class PeopleController {
  constructor(private readonly users: UsersService) {}

  @Get('people')
  @Access('viewer', 'read:postmortems')
  @ApiOperation({ summary: 'Search the people of the product (the people picker)' })
  @ApiOkResponse({ type: PersonPageDto })
  search(@Query() query: PeopleQueryDto): Promise<PersonPageDto> {
    return this.users.searchPeople(query.q?.trim() || undefined, query.cursor, query.limit);
  }
}
