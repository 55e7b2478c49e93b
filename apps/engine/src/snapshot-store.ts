import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExchangeSnapshot } from './core/exchange';

/** Engine state of one input partition, valid for every input offset below `nextOffset`. */
export interface PartitionSnapshot {
  v: 1;
  topic: string;
  partition: number;
  /** First input offset NOT reflected in `state`: replay starts here. */
  nextOffset: string;
  state: ExchangeSnapshot;
}

/** Durable storage of the latest snapshot per input partition. */
export interface SnapshotStore {
  load(topic: string, partition: number): Promise<PartitionSnapshot | undefined>;
  save(snapshot: PartitionSnapshot): Promise<void>;
}

/**
 * Snapshots as files, one per partition, replaced atomically (write, fsync, rename) so a crash at any
 * moment leaves either the old or the new snapshot, never a torn one. Mount a persistent volume there.
 */
export class FileSnapshotStore implements SnapshotStore {
  constructor(private readonly dir: string) {}

  private path(topic: string, partition: number): string {
    return join(this.dir, `${topic}-${partition}.json`);
  }

  async load(topic: string, partition: number): Promise<PartitionSnapshot | undefined> {
    try {
      return JSON.parse(await readFile(this.path(topic, partition), 'utf8')) as PartitionSnapshot;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async save(snapshot: PartitionSnapshot): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.path(snapshot.topic, snapshot.partition);
    const tmp = `${target}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify(snapshot));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
  }
}
