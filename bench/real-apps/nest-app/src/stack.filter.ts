import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';

// Answers an error with its stack (a development setting many apps have): the bench compares the
// frames of a throw from a handler under moult with plain node's.
@Catch()
export class StackFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const status = err instanceof HttpException ? err.getStatus() : 500;
    res.status(status).json({ message: (err as Error).message, stack: (err as Error).stack });
  }
}
