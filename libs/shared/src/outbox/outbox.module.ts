import { Global, Module } from '@nestjs/common';
import { OutboxRelayService } from './outbox-relay.service';
import { Outbox } from './outbox.service';

/** `Outbox` for every service that commits a change with follow-ups; the relay in every process (OUTBOX_RELAY). */
@Global()
@Module({ providers: [Outbox, OutboxRelayService], exports: [Outbox, OutboxRelayService] })
export class OutboxModule {}
