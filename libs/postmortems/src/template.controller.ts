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
import { OffsetPageQueryDto } from '@rca/shared';
import { CreateTemplateDto, UpdateTemplateDto } from './postmortem.dto';
import { TemplateDto, TemplatePageDto } from './postmortem-responses.dto';
import { TemplateService } from './template.service';

@ApiTags('postmortem templates')
@Controller('postmortem-templates')
export class TemplateController {
  constructor(private readonly templates: TemplateService) {}

  @Post()
  @ApiCreatedResponse({ type: TemplateDto })
  create(@Body() body: CreateTemplateDto) {
    return this.templates.create(body);
  }

  @Get()
  @ApiOkResponse({ type: TemplatePageDto })
  list(@Query() query: OffsetPageQueryDto) {
    return this.templates.list(query.page, query.limit);
  }

  /** The built-in template (after the Google SRE example postmortem), a starting point for your own. */
  @Get('builtin')
  builtin() {
    return this.templates.builtin();
  }

  @Get(':id')
  @ApiOkResponse({ type: TemplateDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.templates.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TemplateDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTemplateDto) {
    const { version, ...patch } = body;
    return this.templates.update(id, version, patch);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.templates.delete(id);
  }
}
