// A small NestJS app for moult's real-apps bench: a controller, a service and a provider on the
// request path, compiled by tsc with decorators and their metadata (as `nest new` sets it up).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { StackFilter } from './stack.filter';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new StackFilter());
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

bootstrap();
