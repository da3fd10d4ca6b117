export async function main(argv: string[]): Promise<number> {
  process.stdout.write(`herald: ${argv.join(' ')}\n`);
  return 0;
}
