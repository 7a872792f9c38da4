import { Injectable } from '@nestjs/common';

export const CLOCK = Symbol('CLOCK');

@Injectable()
export class Clock {
  private readonly started = Date.now();

  uptimeSeconds(): number {
    return Math.floor((Date.now() - this.started) / 1000);
  }
}

export const clockProvider = { provide: CLOCK, useClass: Clock };
