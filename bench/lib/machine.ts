/** The machine a run is measured on, with its load: other work on a shared machine moves every figure. */
import { availableParallelism, cpus, getPriority, loadavg, release, totalmem, type as osType, arch } from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  os: string;
  memory: string;
  date: string;
  /**
   * The bench's scheduling priority (nice value). On a machine shared with other work, a run at
   * -20 (`sudo nice -n -20 npm run bench`) takes the CPU ahead of work at 0 (weight 88761 vs 1024
   * under Linux CFS), so its figures approach a quiet machine's; the load average still counts
   * the other work's runnable threads.
   */
  priority: number;
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
    priority: getPriority(),
    loadAverage: { start: loads() },
  };
}

export function loads(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
