import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { Announcement } from './announcement.entity';
import { AnnouncementsRepository } from './announcements.repository';
import { AnnouncementsService } from './announcements.service';
import { TopPageAnnouncements } from './top-page-announcements';

@Module({
  imports: [TypeOrmModule.forFeature([Announcement]), AuditModule],
  providers: [AnnouncementsService, AnnouncementsRepository, TopPageAnnouncements],
  exports: [AnnouncementsService, AnnouncementsRepository, TopPageAnnouncements],
})
export class AnnouncementsModule {}
