import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { shaPattern, stageToDisk, type FileStore, type StagedFile } from './fileStore.js';

export interface S3Settings {
  /** An S3-compatible endpoint (MinIO, Ceph, a government cloud's object storage…). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. "motcua/". */
  prefix?: string;
  /** Where files are staged (hashed, measured) before upload; the system's temp folder by default. */
  stagingDir?: string;
}

/**
 * The file store on S3-compatible object storage (AWS SDK v3, the maintained client): the same
 * content addressing as on disk — an object per SHA-256 — with staging on local disk so a refused
 * or interrupted upload never reaches the bucket.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    });
    this.prefix = settings.prefix ?? '';
  }

  private key(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error('not a SHA-256');
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    return stageToDisk(this.settings.stagingDir ?? join(tmpdir(), 'motcua-s3-staging'), source, maxBytes);
  }

  async keep(file: StagedFile): Promise<void> {
    try {
      if (await this.has(file.sha256)) return;
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.key(file.sha256),
          Body: createReadStream(file.path),
          ContentLength: file.size,
          // The store checks what it received against the hash the file is named by.
          ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64'),
        }),
      );
    } finally {
      await this.discard(file);
    }
  }

  async discard(file: StagedFile): Promise<void> {
    await rm(file.path, { force: true });
  }

  open(sha256: string): Readable {
    const out = new PassThrough();
    this.client
      .send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }))
      .then((r) => (r.Body as Readable).pipe(out))
      .catch((e: unknown) => out.destroy(e as Error));
    return out;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw e;
    }
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.bucket,
          Prefix: this.prefix,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        const name = (o.Key ?? '').split('/').pop() ?? '';
        if (shaPattern.test(name)) yield name;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }
}
