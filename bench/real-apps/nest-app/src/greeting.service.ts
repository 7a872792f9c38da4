import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from './clock.provider';

// Not exported: only the service calls it (the bench's hot update reaches it with ctx.fn).
function formatGreeting(name: string, count: number): string {
  return `Hello, ${name} (#${count})`;
}

@Injectable()
export class GreetingService {
  private count = 0;

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  greet(name: string): { text: string; uptime: number } {
    this.count += 1;
    return { text: formatGreeting(name, this.count), uptime: this.clock.uptimeSeconds() };
  }

  fail(name: string): never {
    throw new Error(`no greeting for ${name}`);
  }
}
