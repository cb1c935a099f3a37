/**
 * Loaded with `node --import` by test/cli/startup-order.test.ts, never by the product: appends to
 * $MANTIS_LOAD_ORDER_FILE, in the order they happen, each file the module loader loads
 * (`load <url>`), the first connection the process opens (`connect`), each query message a
 * connection writes (`query`: PostgreSQL's simple Query, 'Q') and, at exit, whether Node's
 * fetch implementation (undici) was loaded. One file written by two threads: the loader's hooks run
 * on their own, so each line is one synchronous append.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import net from 'node:net';

const file = process.env.MANTIS_LOAD_ORDER_FILE;
if (file) {
  register('./load-order-hooks.mjs', import.meta.url, { data: { file } });
  const connect = net.Socket.prototype.connect;
  let connected = false;
  net.Socket.prototype.connect = function recordedConnect(...args) {
    if (!connected) appendFileSync(file, 'connect\n');
    connected = true;
    return connect.apply(this, args);
  };
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function recordedWrite(chunk, ...rest) {
    // 0x51: 'Q', the first byte of a simple Query message (a TLS socket is written its plaintext here)
    if (chunk instanceof Uint8Array && chunk[0] === 0x51) appendFileSync(file, 'query\n');
    return write.call(this, chunk, ...rest);
  };
  process.on('exit', () => {
    const undici = process.moduleLoadList.some((name) => name.includes('undici'));
    appendFileSync(file, `undici ${undici ? 'loaded' : 'not loaded'}\n`);
  });
}
