/**
 * A real SSH session for end-to-end tests: an sshd of the test's own on 127.0.0.1 (free port,
 * host and client keys generated in a temp dir), and the `ssh -tt` command line that runs a
 * command there in a remote pseudo-terminal, as an ops engineer's session would.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

/** scripts/test.mjs does not register test/e2e/ssh.test.ts without it (MANTIS_TEST_SSHD names another path). */
export const SSHD = process.env.MANTIS_TEST_SSHD ?? '/usr/sbin/sshd';

export interface Sshd {
  readonly port: number;
  readonly user: string;
  /** the client's private key */
  readonly key: string;
  /** `ssh -tt … user@127.0.0.1 <command>` as an argv for ssh */
  readonly sshArgs: (command: string) => string[];
  readonly stop: () => Promise<void>;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A POSIX shell word for each argument, joined: the remote side runs the string through the login shell. */
export const shellCommand = (argv: readonly string[]): string =>
  argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : quote(a))).join(' ');

function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`sshd exited with code ${child.exitCode} before listening: ${stderr().trim()}`));
        return;
      }
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms: ${stderr().trim()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts sshd; fails with a message that says what to install or fix (never skips). */
export async function startSshd(): Promise<Sshd> {
  if (!existsSync(SSHD)) {
    throw new Error(
      `${SSHD} not found: install openssh-server (apt-get install -y openssh-server; .ci/run does this in CI)`,
    );
  }
  for (const tool of ['ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} not found: install openssh-client`);
    }
  }
  // sshd refuses to start without its privilege separation directory (systemd usually makes it).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'mantis-sshd-'));
  const key = join(dir, 'client_ed25519');
  const hostKey = join(dir, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mantis-test-host', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mantis-test-client', '-f', key]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${key}.pub`), { mode: 0o600 });
  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin yes',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The keys live in a temp dir under the world-writable /tmp.
      'StrictModes no',
      'PrintMotd no',
      'PrintLastLog no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let stderr = '';
  const child = spawn(SSHD, ['-D', '-f', config, '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    user,
    key,
    sshArgs: (command) => [
      '-tt',
      '-p',
      String(port),
      '-i',
      key,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      `${user}@127.0.0.1`,
      command,
    ],
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
