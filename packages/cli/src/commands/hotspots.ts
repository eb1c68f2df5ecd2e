// Placeholder until the issue that owns `cohesion hotspots` lands; replaced, not extended.
export const summary = 'hotspots (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion hotspots: not available yet in this build\n');
  return 1;
}
