import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CatalogService } from '@rca/catalog';
import { DemoSeedResult, DemoSeedService } from '@rca/incidents';
import { Environment } from '@rca/shared';
import { SlaCreditService } from './sla-credit.service';
import { VendorLedgerRepository } from './vendor-ledger.repository';

/** The demo's Cloudflare contract (see docs/vendor-ledger.md#demo-data). */
export const DEMO_CONTRACT = {
  name: 'Enterprise plan (demo)',
  targetPercent: 99.99,
  components: ['CDN/Cache', 'WAF', 'DNS', 'Bot Management'],
  tiers: [
    { belowPercent: 99.99, creditPercent: 10 },
    { belowPercent: 99.9, creditPercent: 25 },
    { belowPercent: 99, creditPercent: 50 },
  ],
  claimWindowCycles: 2,
  claimTo:
    'Cloudflare support ticket, category "Billing" (https://dash.cloudflare.com/?to=/:account/support)',
};

/**
 * Completes the demo workspace (libs/incidents' DemoSeedService) with an SLA contract for
 * Cloudflare, so the ledger and a credit owed show on the demo data.
 */
@Injectable()
export class LedgerDemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LedgerDemoSeedService.name);

  constructor(
    private readonly environment: Environment,
    private readonly demoSeed: DemoSeedService,
    private readonly catalog: CatalogService,
    private readonly repository: VendorLedgerRepository,
    private readonly credits: SlaCreditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.environment.DEMO_SEED) return;
    // Whichever boot hook runs first seeds the workspace; the other finds it full.
    await this.demoSeed.seedIfEmpty();
    if (await this.seedContract()) this.logger.log('Demo SLA contract for Cloudflare loaded');
  }

  /** The demo workspace (as `npm run demo:seed` loads it) with its SLA contract. */
  async seedIfEmpty(): Promise<DemoSeedResult> {
    const result = await this.demoSeed.seedIfEmpty();
    if (result.seeded) await this.seedContract();
    return result;
  }

  /** Adds the demo contract when the demo's Cloudflare is there without it; false otherwise. */
  async seedContract(): Promise<boolean> {
    const cloudflare = await this.catalog.getVendor('cloudflare').catch(() => null);
    if (
      !cloudflare ||
      (await this.repository.findContractByName(cloudflare.id, DEMO_CONTRACT.name))
    )
      return false;
    const components = await this.repository.componentIdsByName(
      cloudflare.id,
      DEMO_CONTRACT.components,
    );
    if (components.length !== DEMO_CONTRACT.components.length) return false;
    await this.credits.create({
      vendor: cloudflare.id,
      name: DEMO_CONTRACT.name,
      targetPercent: DEMO_CONTRACT.targetPercent,
      componentIds: components,
      tiers: DEMO_CONTRACT.tiers,
      claimWindowCycles: DEMO_CONTRACT.claimWindowCycles,
      claimTo: DEMO_CONTRACT.claimTo,
      zone: 'UTC',
    });
    return true;
  }
}
