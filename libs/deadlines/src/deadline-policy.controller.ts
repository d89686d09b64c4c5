import { Access } from '@rca/shared';
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
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import {
  CreateDeadlinePolicyDto,
  DeadlinePolicyDto,
  DeadlinePolicyPageDto,
  DeadlinePolicyQueryDto,
  UpdateDeadlinePolicyDto,
} from './deadline-policy.dto';
import { DeadlinePolicyService } from './deadline-policy.service';

@ApiTags('deadlines')
@Controller('deadline-policies')
export class DeadlinePolicyController {
  constructor(private readonly policies: DeadlinePolicyService) {}

  @Access('manager', 'write:postmortems')
  @Post()
  @ApiOperation({
    summary:
      'Create a deadline policy (business days, zone, holidays, due hour, per severity and team)',
  })
  @ApiCreatedResponse({ type: DeadlinePolicyDto })
  create(@Body() body: CreateDeadlinePolicyDto) {
    return this.policies.create(body);
  }

  @Access('viewer', 'read:postmortems')
  @Get()
  @ApiOperation({ summary: 'List deadline policies' })
  @ApiOkResponse({ type: DeadlinePolicyPageDto })
  list(@Query() query: DeadlinePolicyQueryDto) {
    return this.policies.list(
      { severity: query.severity, team: query.team },
      query.cursor,
      query.limit,
    );
  }

  @Access('viewer', 'read:postmortems')
  @Get(':id')
  @ApiOperation({ summary: 'Get one deadline policy' })
  @ApiOkResponse({ type: DeadlinePolicyDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.policies.get(id);
  }

  /** Changing a policy recomputes the due instant of every open postmortem it governs and reschedules reminders. */
  @Access('manager', 'write:postmortems')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change a deadline policy (open postmortems it governs get new due instants)',
  })
  @ApiOkResponse({ type: DeadlinePolicyDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateDeadlinePolicyDto) {
    const { version, ...patch } = body;
    return this.policies.update(id, version, patch);
  }

  @Access('manager', 'write:postmortems')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a deadline policy' })
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.policies.delete(id);
  }
}
