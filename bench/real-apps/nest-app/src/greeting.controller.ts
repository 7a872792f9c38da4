import { Controller, Get, Param } from '@nestjs/common';
import { GreetingService } from './greeting.service';

@Controller()
export class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  @Get('hello/:name')
  hello(@Param('name') name: string): { text: string; uptime: number } {
    return this.greetings.greet(name);
  }

  @Get('boom/:name')
  boom(@Param('name') name: string): never {
    return this.greetings.fail(name);
  }
}
