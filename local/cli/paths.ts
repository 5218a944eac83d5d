import { constants } from 'node:fs';
import { access, mkdir, readdir, stat } from 'node:fs/promises';
import { UsageError } from './usageError';

/** The files `enrich` writes into --out: a folder holding only these is a previous run's, safe to write again. */
export const OUTPUT_FILE_NAMES = ['enriched.csv', 'enriched.jsonl', 'rejected.csv', 'summary.json'] as const;

/** The input must be a readable file; said plainly before anything starts. */
export async function checkInputFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new UsageError(`File not found: ${file}`);
  if (info.isDirectory()) throw new UsageError(`${file} is a folder, not a lead file`);
  if (!info.isFile()) throw new UsageError(`${file} is not a regular file`);
  await access(file, constants.R_OK).catch(() => {
    throw new UsageError(`${file} cannot be read (permissions)`);
  });
}

/**
 * --out must be a folder Leadflow may write: created when missing, and either empty or holding only a previous
 * run's outputs (written again). Anything else would mix the results with other files.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${dir} is a file; --out names a folder for the results`);
  if (info) {
    // Hidden files (.DS_Store, .gitkeep) are the system's or the user's markers, not results to mix with.
    const others = (await readdir(dir)).filter((name) => !name.startsWith('.') && !(OUTPUT_FILE_NAMES as readonly string[]).includes(name));
    if (others.length > 0) {
      throw new UsageError(`--out ${dir} holds other files (${others.length}); choose an empty folder, or one with only a previous run's results`);
    }
  } else {
    await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${dir} cannot be created (${error.code === 'EACCES' ? 'permissions' : 'a file is in the way'})`);
    });
  }
  await access(dir, constants.W_OK).catch(() => {
    throw new UsageError(`--out ${dir} cannot be written (permissions)`);
  });
}
