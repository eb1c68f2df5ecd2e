import { checkOutputPath, isCohesionError } from '@cohesion/geo';
import { UsageError } from './flags.js';

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
    await precheckOutput(name, rest);
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

/**
 * Before any work, the output rules of `--out FILE` (see OUTPUT_FLAGS): an existing file needs
 * `--force`, and the output may not be one of the command's inputs (any other argument). The write
 * itself checks again (`saveFile`). `report --out` names a folder and is checked by the command.
 */
async function precheckOutput(command: string, argv: string[]): Promise<void> {
  if (command === 'report' || command === 'info' || argv.includes('--help') || argv.includes('-h')) return;
  let out: string | undefined;
  const others: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i];
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (!a.startsWith('--')) others.push(a.includes('=') ? a.slice(a.indexOf('=') + 1) : a);
    else if (a.includes('=')) others.push(a.slice(a.indexOf('=') + 1));
  }
  if (out) await checkOutputPath(out, { overwrite: argv.includes('--force'), inputs: others });
}
