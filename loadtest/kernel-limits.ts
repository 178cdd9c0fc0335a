import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Raises the kernel's accept backlogs and the ephemeral port range where allowed (as root), for
 * benchmarks that open tens of thousands of loopback connections; says what it could change. Where
 * it may not, the benchmark still works, more slowly (MACHINE-NOTES.md).
 */
export function raiseKernelLimits(): string[] {
  const wanted: Record<string, string> = {
    'net.core.somaxconn': '65535',
    'net.ipv4.tcp_max_syn_backlog': '65535',
    'net.ipv4.ip_local_port_range': '10000 65535',
  };
  return Object.entries(wanted).map(([key, value]) => {
    try {
      execFileSync('sysctl', ['-w', `${key}=${value}`], { stdio: 'ignore' });
      return `${key}=${value}`;
    } catch {
      return `${key} unchanged (${readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8').trim()})`;
    }
  });
}
