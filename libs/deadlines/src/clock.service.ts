import { Injectable } from '@nestjs/common';

/**
 * The time deadlines and reminders are computed against. Production reads the system clock;
 * tests pin or shift it (`set`, `advance`) to schedule reminders deterministically.
 */
@Injectable()
export class Clock {
  private fixed: number | null = null;
  private offsetMs = 0;

  now(): Date {
    return new Date(this.fixed ?? Date.now() + this.offsetMs);
  }

  /** Pins the clock at `at` (null: back to the system clock). */
  set(at: Date | null): void {
    this.fixed = at ? at.getTime() : null;
    this.offsetMs = 0;
  }

  advance(ms: number): void {
    if (this.fixed !== null) this.fixed += ms;
    else this.offsetMs += ms;
  }
}
