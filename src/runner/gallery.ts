/**
 * The figures gallery on disk: one scenario file per figure under
 * `scenarios/figures/<id>.yaml` (with a `figure: {id, caption, notes}`
 * block), plus figures registered in code by the model folders
 * (gallery-entries.ts, shared with the app). A file with the same id as a
 * registered figure takes precedence.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-info.js';
import { galleryEntries, type GalleryEntry } from './gallery-entries.js';

export type { GalleryEntry };

/** Default gallery directory: <package root>/scenarios/figures. */
export function galleryDir(): string {
  return join(packageRoot(), 'scenarios', 'figures');
}

/** The gallery, sorted by id. Files must carry a figure block whose id is the file name. */
export function listGallery(dir = galleryDir()): GalleryEntry[] {
  const files = existsSync(dir)
    ? readdirSync(dir).sort().filter((name) => /\.(ya?ml|json)$/.test(name)).map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }))
    : [];
  return galleryEntries(files);
}
