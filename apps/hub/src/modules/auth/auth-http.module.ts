import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthModule } from './auth.module';

/** The account routes: sign-up, login, logout and who am I. */
@Module({ imports: [AuthModule], controllers: [AuthController] })
export class AuthHttpModule {}
