// Placeholder until the issue that owns `cohesion weights` lands; replaced, not extended.
export const summary = 'weights (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion weights: not available yet in this build\n');
  return 1;
}
