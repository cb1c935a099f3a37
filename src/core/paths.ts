/**
 * What a path the tool writes or reads must be: a regular file or a directory, reached through
 * directories, on a filesystem for files. Anything else is refused before it is opened, in a few
 * system calls: the kernel's filesystems (/proc, /sys, /dev: Node's recursive mkdir loops for ever
 * on procfs), a FIFO (opening it waits for a writer for ever), a socket, a device (/dev/zero never
 * ends), a symlink to any of them. Missing directories are then made one component at a time.
 *
 * Pure: the caller passes the filesystem calls (node:fs's own, or a test's), and an absolute path.
 */

/** The subset of node:fs's Stats this module reads. */
export interface EntryStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/** The node:fs calls a path is checked and made with (pass node:fs itself). */
export interface FileSystemCalls {
  lstatSync(path: string): EntryStats;
  statSync(path: string): EntryStats;
  realpathSync(path: string): string;
  statfsSync(path: string): { readonly type: number | bigint };
  mkdirSync(path: string, options: { mode: number }): unknown;
}

/** Why a path cannot be used, as a phrase: "/proc/x is on procfs (the kernel's), not a filesystem for files". */
export class PathRefused extends Error {
  override readonly name = 'PathRefused';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Trees the kernel serves: nothing the tool writes or reads belongs there. */
const KERNEL_TREES = ['/proc', '/sys', '/dev'];

/** statfs f_type of the kernel's own filesystems (linux/magic.h), wherever they are mounted. */
const KERNEL_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0x6e736673, 'nsfs'],
]);

/** More components than any real path needs: the walk below is bounded by it. */
const MAX_DEPTH = 64;

type Kind = 'file' | 'directory' | 'FIFO' | 'socket' | 'character device' | 'block device' | 'special file';

function kindOf(stats: EntryStats): Kind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'special file';
}

const codeOf = (error: unknown): string =>
  String((error as { code?: unknown } | null)?.code ?? (error as Error | null)?.message ?? error);

/** The kernel tree `path` is in (lexically), or null. */
function kernelTreeOf(path: string): string | null {
  return KERNEL_TREES.find((tree) => path === tree || path.startsWith(`${tree}/`)) ?? null;
}

/** A kind with its article: "a FIFO", "a regular file". */
const described = (kind: Kind) => (kind === 'file' ? 'a regular file' : `a ${kind}`);

interface Found {
  /** the absolute paths of the components that do not exist yet, outermost first */
  readonly missing: readonly string[];
  /** the deepest component that exists */
  readonly deepest: string;
}

/**
 * Walks `absolute` from the root: each existing component a directory (a symlink followed to one),
 * the last one `want` or missing. Throws PathRefused naming the component and why.
 */
function walk(absolute: string, want: 'file' | 'directory', fs: FileSystemCalls): Found {
  if (!absolute.startsWith('/')) throw new PathRefused(absolute, `${absolute} is not an absolute path`);
  const tree = kernelTreeOf(absolute);
  if (tree)
    throw new PathRefused(
      absolute,
      `${absolute} is under ${tree}, which the kernel serves (not a filesystem for files)`,
    );
  const parts = absolute.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 && want === 'file') throw new PathRefused(absolute, '/ is a directory, not a regular file');
  if (parts.length > MAX_DEPTH)
    throw new PathRefused(absolute, `${absolute} is ${parts.length} directories deep (at most ${MAX_DEPTH})`);
  let deepest = '/';
  for (let index = 0; index < parts.length; index++) {
    const component = `/${parts.slice(0, index + 1).join('/')}`;
    const last = index === parts.length - 1;
    let kind: Kind | null;
    try {
      const own = fs.lstatSync(component);
      kind = own.isSymbolicLink() ? followed(component, fs) : kindOf(own);
    } catch (error) {
      if (error instanceof PathRefused) throw error;
      if (codeOf(error) !== 'ENOENT')
        throw new PathRefused(absolute, `${component} cannot be looked at (${codeOf(error)})`);
      kind = null;
    }
    if (kind === null) {
      return {
        missing: parts.slice(index).map((_part, j) => `/${parts.slice(0, index + j + 1).join('/')}`),
        deepest,
      };
    }
    const expected = last ? want : 'directory';
    if (kind !== expected) {
      throw new PathRefused(
        absolute,
        `${component} is ${described(kind)}, not ${expected === 'file' ? 'a regular file' : 'a directory'}`,
      );
    }
    deepest = component;
  }
  return { missing: [], deepest };
}

/** What a symlink leads to; a symlink to nothing is refused (a write through it would land elsewhere). */
function followed(component: string, fs: FileSystemCalls): Kind {
  try {
    return kindOf(fs.statSync(component));
  } catch (error) {
    throw new PathRefused(component, `${component} is a symlink that leads nowhere usable (${codeOf(error)})`);
  }
}

/** The deepest existing component, resolved, must not be in a kernel tree or on a kernel filesystem. */
function refuseKernelFilesystem(absolute: string, deepest: string, fs: FileSystemCalls): void {
  let real: string;
  let type: number;
  try {
    real = fs.realpathSync(deepest);
    type = Number(fs.statfsSync(real).type);
  } catch (error) {
    throw new PathRefused(absolute, `${deepest} cannot be looked at (${codeOf(error)})`);
  }
  const tree = kernelTreeOf(real);
  if (tree) throw new PathRefused(absolute, `${deepest} leads to ${real}, under ${tree}, which the kernel serves`);
  const filesystem = KERNEL_FILESYSTEMS.get(type);
  if (filesystem)
    throw new PathRefused(absolute, `${deepest} is on ${filesystem}, the kernel's, not a filesystem for files`);
}

/**
 * Checks `absolute` for a write, then makes its missing directories one at a time (mode 0700): all
 * of them for a directory, all but the last component for a file. Returns whether the target
 * already existed. Throws PathRefused.
 */
export function preparePath(absolute: string, want: 'file' | 'directory', fs: FileSystemCalls): { existed: boolean } {
  const found = walk(absolute, want, fs);
  refuseKernelFilesystem(absolute, found.deepest, fs);
  const toMake = want === 'directory' ? found.missing : found.missing.slice(0, -1);
  for (const directory of toMake) {
    try {
      fs.mkdirSync(directory, { mode: 0o700 });
    } catch (error) {
      // Made by someone else meanwhile is as good, if it is a directory.
      const code = codeOf(error);
      if (code !== 'EEXIST' || !isDirectory(directory, fs))
        throw new PathRefused(absolute, `${directory} cannot be made (${code})`);
    }
  }
  return { existed: found.missing.length === 0 };
}

/** Checks `absolute` for a read: it exists, is `want`, and is on a filesystem for files. Throws PathRefused. */
export function checkReadablePath(absolute: string, want: 'file' | 'directory', fs: FileSystemCalls): void {
  const found = walk(absolute, want, fs);
  if (found.missing.length > 0) throw new PathRefused(absolute, `${found.missing[0]} does not exist`);
  refuseKernelFilesystem(absolute, found.deepest, fs);
}

function isDirectory(path: string, fs: FileSystemCalls): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
