// Placeholder until the issue that owns `cohesion segregation` lands; replaced, not extended.
export const summary = 'segregation (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion segregation: not available yet in this build\n');
  return 1;
}
