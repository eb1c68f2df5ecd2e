// Placeholder until the issue that owns `cohesion report` lands; replaced, not extended.
export const summary = 'report (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion report: not available yet in this build\n');
  return 1;
}
