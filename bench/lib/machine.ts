/** The machine a run is measured on, with its load: other work on a shared machine moves every figure. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Gives the browser the bench's own scheduling priority, so a ratio against a baseline timed in
 * this process compares the work and not the scheduler. Playwright starts the browser in a session
 * of its own (setsid), hence in its own autogroup at nice 0 whatever this process's is: a bench
 * started at autogroup -20 then times its Node baseline ahead of all other work and the browser
 * behind it. This writes this process's autogroup nice into the autogroup of each direct child
 * named `name` (the browser process; its zygotes, renderers and workers share its session).
 * Returns what each child's autogroup reads afterwards, or why it could not be set (lowering a
 * nice value needs CAP_SYS_NICE): the bench records it beside the figures.
 */
export function shareAutogroupNice(name: string): { pid: number; autogroup: string }[] | { error: string } {
  let nice: string;
  try {
    nice = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1] ?? '';
  } catch {
    return { error: 'no /proc/self/autogroup (autogroups off or not Linux): nothing to match' };
  }
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
  if (children.length === 0) return { error: `no child process named ${name}` };
  try {
    return children.map((pid) => {
      writeFileSync(`/proc/${pid}/autogroup`, nice);
      return { pid, autogroup: readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim() };
    });
  } catch (err) {
    return { error: `could not set the browser's autogroup nice to ${nice}: ${(err as Error).message}` };
  }
}
