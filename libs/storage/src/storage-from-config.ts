import type { AppConfig } from '@app/platform';
import type { DocumentStorage } from './document-storage';
import { FilesystemStorage } from './filesystem-storage';
import { S3Storage } from './s3-storage';
import { type DocumentScanner, NoScanner } from './scanner';

export function documentStorageFor(config: Pick<AppConfig, 'documentStorage'>): DocumentStorage {
  const settings = config.documentStorage;
  return settings.kind === 's3' ? new S3Storage(settings) : new FilesystemStorage(settings.dir);
}

export function documentScannerFor(config: Pick<AppConfig, 'documentScanner'>): DocumentScanner {
  switch (config.documentScanner) {
    case 'none':
      return new NoScanner();
  }
}
