// Placeholder until the issue that owns `cohesion access` lands; replaced, not extended.
export const summary = 'access (not yet available)';
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cohesion access: not available yet in this build\n');
  return 1;
}
