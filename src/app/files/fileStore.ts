import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** A file received into the store's staging area: hashed and measured, not yet kept. */
export interface StagedFile {
  /** Where the bytes are until kept or discarded (inside the store; never a client's name). */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Content-addressed storage of document bytes: a file is named by its SHA-256, so the same bytes
 * are kept once however many dossiers hold them. Files arrive through a staging area so that an
 * interrupted or refused upload leaves nothing behind. On disk by default; an S3-compatible store
 * implements the same interface.
 */
export interface FileStore {
  /** Streams bytes into staging, hashing as they come; refuses beyond `maxBytes`. */
  stage(source: Readable, maxBytes: number): Promise<StagedFile>;
  /** Keeps a staged file under its hash (a no-op when those bytes are already kept). */
  keep(file: StagedFile): Promise<void>;
  /** Drops a staged file. */
  discard(file: StagedFile): Promise<void>;
  open(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
  /** Every kept file's hash (for the consistency check). */
  list(): AsyncIterable<string>;
  /** Deletes a kept file (retention); a no-op when absent. */
  remove(sha256: string): Promise<void>;
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

export const shaPattern = /^[0-9a-f]{64}$/;

/** Streams bytes into a new file of `dir`, hashing and measuring them; nothing is left on failure. */
export async function stageToDisk(dir: string, source: Readable, maxBytes: number): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FileTooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, createWriteStream(path, { flags: 'wx' }));
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
  return { path, sha256: hash.digest('hex'), size };
}

/** The disk store: `<root>/<aa>/<bb>/<sha256>`, staging in `<root>/staging`. */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error('not a SHA-256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    return stageToDisk(join(this.root, 'staging'), source, maxBytes);
  }

  async keep(file: StagedFile): Promise<void> {
    const target = this.pathOf(file.sha256);
    if (await this.has(file.sha256)) return this.discard(file);
    await mkdir(join(target, '..'), { recursive: true });
    // Same file system: the rename is atomic, so a reader sees the whole file or none.
    await rename(file.path, target);
  }

  async discard(file: StagedFile): Promise<void> {
    await rm(file.path, { force: true });
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async *list(): AsyncIterable<string> {
    const dirs = (p: string) =>
      readdir(p, { withFileTypes: true }).then(
        (e) => e.filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name),
        () => [] as string[],
      );
    for (const a of await dirs(this.root))
      for (const b of await dirs(join(this.root, a)))
        for (const f of await readdir(join(this.root, a, b)))
          if (shaPattern.test(f) && f.startsWith(a + b)) yield f;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
