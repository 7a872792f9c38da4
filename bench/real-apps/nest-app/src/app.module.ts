import { Module } from '@nestjs/common';
import { GreetingController } from './greeting.controller';
import { GreetingService } from './greeting.service';
import { clockProvider } from './clock.provider';

@Module({
  controllers: [GreetingController],
  providers: [GreetingService, clockProvider],
})
export class AppModule {}
