import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, Access } from '@rca/shared';
import { CreateTemplateDto, UpdateTemplateDto } from './postmortem.dto';
import { TemplateDto, TemplatePageDto } from './postmortem-responses.dto';
import { TemplateService } from './template.service';

@ApiTags('postmortem templates')
@Controller('postmortem-templates')
export class TemplateController {
  constructor(private readonly templates: TemplateService) {}

  @Access('manager', 'write:postmortems')
  @Post()
  @ApiCreatedResponse({ type: TemplateDto })
  create(@Body() body: CreateTemplateDto) {
    return this.templates.create(body);
  }

  @Access('viewer', 'read:postmortems')
  @Get()
  @ApiOkResponse({ type: TemplatePageDto })
  list(@Query() query: PageQueryDto) {
    return this.templates.list(query.cursor, query.limit);
  }

  /** The built-in template (after the Google SRE example postmortem), a starting point for your own. */
  @Access('viewer', 'read:postmortems')
  @Get('builtin')
  builtin() {
    return this.templates.builtin();
  }

  @Access('viewer', 'read:postmortems')
  @Get(':id')
  @ApiOkResponse({ type: TemplateDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.templates.get(id);
  }

  @Access('manager', 'write:postmortems')
  @Patch(':id')
  @ApiOkResponse({ type: TemplateDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTemplateDto) {
    const { version, ...patch } = body;
    return this.templates.update(id, version, patch);
  }

  @Access('manager', 'write:postmortems')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.templates.delete(id);
  }
}
