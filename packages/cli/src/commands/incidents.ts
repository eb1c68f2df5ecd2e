// Placeholder until the issue that owns `cohesion incidents` lands; replaced, not extended.
export const summary = 'incidents (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion incidents: not available yet in this build\n');
  return 1;
}
