/**
 * core/paths bound to node:fs, and files opened only once proven regular: the export directory,
 * the files a restore reads. Every refusal is a PathRefused naming the path and why.
 */
import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { checkReadablePath, PathRefused, preparePath } from '../core/paths.js';

export { PathRefused };

/** `path` ready as a directory, its missing components made (0700); whether it existed. */
export function prepareDirectory(path: string): { existed: boolean } {
  return preparePath(resolve(path), 'directory', fs);
}

/** `path` is a directory on a filesystem for files, to be read. */
export function checkDirectoryToRead(path: string): void {
  checkReadablePath(resolve(path), 'directory', fs);
}

/** `path` is a regular file on a filesystem for files, to be read. */
export function checkFileToRead(path: string): void {
  checkReadablePath(resolve(path), 'file', fs);
}

/**
 * `path` opened for reading once it is proven a regular file. O_NONBLOCK: should a FIFO be swapped
 * in after the check, the open returns at once and the descriptor is refused, instead of waiting
 * for a writer for ever.
 */
export function openRegularFile(path: string): number {
  const absolute = resolve(path);
  checkReadablePath(absolute, 'file', fs);
  const fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    throw new PathRefused(absolute, `${absolute} changed into something that is not a regular file`);
  }
  return fd;
}
