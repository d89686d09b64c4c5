/** A problem that stops the boot. Its message is one sentence saying what is wrong and how to fix it. */
export class BootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}
