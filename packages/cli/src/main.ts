import { isCohesionError } from '@cohesion/geo';
import { UsageError } from './common.js';

/** Each command is a module exporting `run(argv)`; loaded lazily so `cohesion info` stays quick. */
type CommandModule = { run(argv: string[]): Promise<number>; summary: string };

const commands: Record<string, () => Promise<CommandModule>> = {
  info: () => import('./commands/info.js'),
  join: () => import('./commands/join.js'),
  segregation: () => import('./commands/segregation.js'),
  weights: () => import('./commands/weights.js'),
  hotspots: () => import('./commands/hotspots.js'),
  incidents: () => import('./commands/incidents.js'),
  alerts: () => import('./commands/alerts.js'),
  access: () => import('./commands/access.js'),
  report: () => import('./commands/report.js'),
  compare: () => import('./commands/compare.js'),
  tiles: () => import('./commands/tiles.js'),
  survey: () => import('./commands/survey.js'),
};

const USAGE = `Usage: cohesion <command> [flags]

Commands: ${Object.keys(commands).join(', ')}
Run \`cohesion <command> --help\` for a command's flags.`;

/** Runs the CLI; returns the process exit code. Errors become one line on stderr naming the bad input. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`cohesion: unknown command "${name}". ${USAGE.split('\n')[2]}\n`);
    return 2;
  }
  const mod = await load();
  try {
    return await mod.run(rest);
  } catch (err) {
    process.stderr.write(`${formatError(name, err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** One line: `cohesion <cmd>: CODE: message` — the message already names the offending input. */
export function formatError(command: string, err: unknown): string {
  const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (isCohesionError(err)) return `cohesion ${command}: ${err.code}: ${oneLine(err.message)}`;
  if (err instanceof UsageError)
    return `cohesion ${command}: ${err.code ? `${err.code}: ` : ''}${oneLine(err.message)}`;
  const msg = err instanceof Error ? err.message : String(err);
  return `cohesion ${command}: ${msg.split('\n')[0]}`;
}
