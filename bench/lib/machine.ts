/** The machine a run is measured on, with its load: other work on a shared machine moves every figure. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, getPriority, loadavg, release, totalmem, type as osType, arch } from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  os: string;
  memory: string;
  date: string;
  /**
   * The bench's scheduling priority: its nice value and, on Linux with autogroups, its session's
   * autogroup nice (/proc/self/autogroup). With autogroups on (the default), CPU is shared between
   * sessions first, so a thread's nice only orders work inside its own session; a run on a
   * machine shared with other work takes the CPU ahead of it when its session's autogroup nice is
   * -20 (`echo -20 > /proc/$$/autogroup` in the shell that starts it, as root; weight 88761 vs
   * 1024). Its figures then approach a quiet machine's, while the load average still counts the
   * other work's runnable threads.
   */
  priority: { nice: number; autogroup?: string };
  /** 1/5/15-minute load averages (as `uptime` prints them) when the run started and ended. */
  loadAverage: { start: number[]; end?: number[] };
}

export function machineInfo(): MachineInfo {
  return {
    cpus: availableParallelism(),
    model: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${osType()} ${release()} ${arch()}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    date: new Date().toISOString(),
    priority: { nice: getPriority(), ...autogroup() },
    loadAverage: { start: loads() },
  };
}

function autogroup(): { autogroup?: string } {
  try {
    return { autogroup: readFileSync('/proc/self/autogroup', 'utf8').trim() };
  } catch {
    return {};
  }
}

export function loads(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
