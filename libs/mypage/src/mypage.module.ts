import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { MyPageService } from './mypage.service';

@Module({ imports: [AuthModule], providers: [MyPageService], exports: [MyPageService] })
export class MyPageModule {}
