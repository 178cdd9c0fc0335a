import { fork } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { raiseKernelLimits } from './kernel-limits';

/**
 * `npm run bench:bind`: what one more loopback connection costs the process that opens it, as the
 * sockets it holds from one source address grow. The surge's generators (loadtest/surge) connect
 * from chosen loopback addresses; the kernel then binds an ephemeral port of that address for each
 * connection, searching for a free one. Printed: CPU per connection (user and system) for each
 * further 2,000 sockets, all from one address, then spread over addresses of 5,000 sockets each.
 * The listening side runs in a child process (each process may hold 20,000 open files).
 */

const SOCKETS = 16_000;
const STEP = 2_000;
const SPREAD_PER_ADDRESS = 5_000;

if (process.argv[2] === 'listen') {
  const held: Socket[] = [];
  const server = createServer((socket) => {
    held.push(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '0.0.0.0', () => {
    const address = server.address();
    process.send?.(typeof address === 'object' && address ? address.port : 0);
  });
} else {
  await main();
}

async function main(): Promise<void> {
  console.log(`kernel: ${raiseKernelLimits().join('; ')}`);
  const rows: string[][] = [];
  for (const [label, addressOf] of [
    ['one address', () => '127.0.90.1'],
    [
      `${SPREAD_PER_ADDRESS.toLocaleString('en')} a address`,
      (i: number) => `127.0.91.${1 + Math.floor(i / SPREAD_PER_ADDRESS)}`,
    ],
  ] as const) {
    const listener = fork(new URL(import.meta.url).pathname, ['listen'], { execArgv: ['--import', 'tsx'] });
    const port = await new Promise<number>((resolve) => listener.once('message', (p) => resolve(Number(p))));
    const sockets: Socket[] = [];
    for (let start = 0; start < SOCKETS; start += STEP) {
      const before = process.cpuUsage();
      for (let i = start; i < start + STEP; i++) {
        sockets.push(
          await new Promise<Socket>((resolve, reject) => {
            const socket = connect({ host: '127.0.0.1', port, localAddress: addressOf(i) }, () =>
              resolve(socket),
            );
            socket.once('error', reject);
          }),
        );
      }
      const used = process.cpuUsage(before);
      const perConnection = (us: number) => `${Math.round(us / STEP)} us`;
      rows.push([
        label,
        `${start.toLocaleString('en')}-${(start + STEP).toLocaleString('en')}`,
        perConnection(used.user + used.system),
        perConnection(used.system),
      ]);
    }
    for (const socket of sockets) socket.destroy();
    listener.kill();
  }
  console.table(
    rows.map(([from, sockets, cpu, system]) => ({
      from,
      sockets,
      'CPU a connection': cpu,
      'of it system': system,
    })),
  );
}
