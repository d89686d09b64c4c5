import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access, Actor, ApiErrorBody } from '@rca/shared';
import {
  OverdueVendorRcaListDto,
  OverdueVendorRcaQueryDto,
  PasteVendorReportDto,
  VendorRcaExpectationDto,
  VendorRcaExpectationEnvelopeDto,
  VendorRcaExpectationViewDto,
  VendorRcaStatusListDto,
  VendorReportDto,
} from './vendor-rca.dto';
import { VendorRcaService } from './vendor-rca.service';

@ApiTags('vendor RCA')
@ApiBadRequestResponse({ type: ApiErrorBody, description: 'A field is invalid; the body names it' })
@Controller()
export class VendorRcaController {
  constructor(private readonly vendorRca: VendorRcaService) {}

  @Access('viewer', 'read:status')
  @Get('vendors/:idOrSlug/rca-expectation')
  @ApiOperation({
    summary:
      "When a vendor's post-incident report is expected ({ expectation: null } when it promises none)",
  })
  @ApiOkResponse({ type: VendorRcaExpectationEnvelopeDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor' })
  async getExpectation(@Param('idOrSlug') idOrSlug: string) {
    return { expectation: await this.vendorRca.getExpectation(idOrSlug) };
  }

  @Access('admin', 'write:status')
  @Put('vendors/:idOrSlug/rca-expectation')
  @ApiOperation({
    summary:
      "Sets when a vendor's post-incident report is expected (N business days after its incident resolved, in a zone, with a holiday calendar); re-plans the reports awaited",
  })
  @ApiOkResponse({ type: VendorRcaExpectationViewDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor' })
  setExpectation(
    @Param('idOrSlug') idOrSlug: string,
    @Body() body: VendorRcaExpectationDto,
    @Actor() actor: string,
  ) {
    return this.vendorRca.setExpectation(idOrSlug, body, actor);
  }

  @Access('admin', 'write:status')
  @Delete('vendors/:idOrSlug/rca-expectation')
  @HttpCode(204)
  @ApiOperation({
    summary: "Removes a vendor's expectation: its reports are no longer awaited or overdue",
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor, or no expectation' })
  deleteExpectation(@Param('idOrSlug') idOrSlug: string) {
    return this.vendorRca.deleteExpectation(idOrSlug);
  }

  @Access('viewer', 'read:postmortems')
  @Get('incidents/:incidentId/vendor-rca')
  @ApiOperation({
    summary:
      "The vendor's post-incident report of each accepted vendor cause of an incident: expected by, published, or overdue",
  })
  @ApiOkResponse({ type: VendorRcaStatusListDto })
  async status(
    @Param('incidentId', ParseUUIDPipe) incidentId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { items: await this.vendorRca.statusOfIncident(incidentId, principal) };
  }

  @Access('responder', 'write:postmortems')
  @Post('vendor-incidents/:id/report')
  @ApiOperation({
    summary:
      "Records the link to a vendor incident's post-incident report that a person found; it joins the postmortems it caused",
  })
  @ApiCreatedResponse({ type: VendorReportDto })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor incident' })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description:
      'VENDOR_REPORT_EXISTS: the vendor incident has its report already (details.current)',
  })
  paste(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PasteVendorReportDto,
    @Actor() actor: string,
  ) {
    return this.vendorRca.paste(id, body, actor);
  }

  @Access('manager', 'read:postmortems')
  @Get('deadlines/vendor-rca')
  @ApiTags('deadlines')
  @ApiOperation({
    summary: "Vendors' post-incident reports not published by their expected date, oldest first",
  })
  @ApiOkResponse({ type: OverdueVendorRcaListDto })
  async overdue(@Query() query: OverdueVendorRcaQueryDto) {
    return {
      items: await this.vendorRca.overdueList(
        { team: query.team, owner: query.owner },
        query.limit ?? 100,
      ),
    };
  }
}
