import { unlinkSync } from 'node:fs';
import { removePendingFiles } from '@cohesion/geo';
import { main } from './main.js';
import { clearProgress } from './progress.js';

// `cohesion … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// Ctrl-C or a kill while an output is being written: outputs are written to a temporary file and
// renamed, so the previous file is intact; remove the temporary file and exit as the signal asks.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    clearProgress();
    removePendingFiles(unlinkSync);
    process.exit(code);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cohesion: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
