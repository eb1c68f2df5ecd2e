export const summary = 'info FILE --json';
export async function run(_argv: string[]): Promise<number> {
  return 1;
}
