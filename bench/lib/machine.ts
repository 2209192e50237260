/** The machine a run is measured on, with its load: other work on a shared machine moves every figure. */
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType, arch } from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  os: string;
  memory: string;
  date: string;
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
    loadAverage: { start: loads() },
  };
}

export function loads(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
