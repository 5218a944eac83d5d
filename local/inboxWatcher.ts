import { watch, type FSWatcher } from 'node:fs';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** How long a file's size must stay the same before it counts as fully written (a copy may be in progress). */
const SETTLE_MS = 300;

/**
 * Watches a local folder the way the S3 drop folder is used: every complete file (and each later version of
 * it) is handed to `onFile` once. Files stay where they are; the job id derived from the object's content makes
 * a re-upload of the same file (after a restart, say) start nothing new.
 */
export async function watchInbox(directory: string, onFile: (path: string, name: string) => Promise<void>): Promise<{ close(): void }> {
  await mkdir(directory, { recursive: true });
  const handled = new Map<string, string>();
  const pending = new Map<string, NodeJS.Timeout>();

  const consider = (name: string) => {
    if (name.startsWith('.')) return;
    clearTimeout(pending.get(name));
    pending.set(
      name,
      setTimeout(async () => {
        pending.delete(name);
        const path = join(directory, name);
        try {
          // lstat: a symlink is not followed (it could point anywhere on this machine), and only regular files
          // are taken: not folders, devices or pipes.
          const before = await lstat(path);
          if (!before.isFile()) return;
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          const after = await lstat(path);
          if (!after.isFile()) return;
          if (after.size !== before.size) return consider(name);
          const version = `${after.size}:${after.mtimeMs}`;
          if (handled.get(name) === version) return;
          handled.set(name, version);
          await onFile(path, name);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            process.stderr.write(`leadflow: inbox: could not take ${name}: ${(error as Error).message}\n`);
        }
      }, 50),
    );
  };

  const watcher: FSWatcher = watch(directory, (_, name) => name && consider(name.toString()));
  for (const name of await readdir(directory)) consider(name);
  return {
    close() {
      watcher.close();
      for (const timer of pending.values()) clearTimeout(timer);
    },
  };
}
