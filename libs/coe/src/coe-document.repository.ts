import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CoeDocument } from './coe-document.entity';

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The stored certificate PDFs in `coe_document`, addressed by content. */
@Injectable()
export class CoeDocumentRepository {
  constructor(@InjectRepository(CoeDocument) private readonly repo: Repository<CoeDocument>) {}

  private on(m?: EntityManager): Repository<CoeDocument> {
    return m?.getRepository(CoeDocument) ?? this.repo;
  }

  /** Stores the bytes once (the same bytes again are already there) and returns their hash. */
  async store(bytes: Buffer, at: Date, m?: EntityManager): Promise<string> {
    const sha256 = sha256Of(bytes);
    await this.on(m).query(
      `INSERT INTO coe_document (sha256, bytes, size, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING`,
      [sha256, bytes, bytes.length, at],
    );
    return sha256;
  }

  async bytesOf(sha256: string, m?: EntityManager): Promise<Buffer | null> {
    const row = await this.on(m).findOne({ where: { sha256 }, select: { sha256: true, bytes: true } });
    return row?.bytes ?? null;
  }
}
