/**
 * Runs `main` in-process with collecting streams, for the CLI tests.
 */
import { main } from '../../src/cli/main.js';

export class Sink {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

/** Exit code and everything written to stdout / stderr by `spindrift ARGS`. */
export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink(), stderr = new Sink();
  const code = await main(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
