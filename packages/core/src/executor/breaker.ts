/**
 * Counts attempted operations and trips when too many of them fail. Only operations that were
 * applied count: skipped dependants say nothing about the directory's health, and counting them
 * would let one failed parent with many children trip the breaker on its own.
 */
export class FailureBreaker {
  #attempted = 0;
  #failed = 0;

  constructor(
    private readonly minAttempts: number,
    private readonly maxFailureRate: number,
  ) {}

  get attempted(): number {
    return this.#attempted;
  }

  get failed(): number {
    return this.#failed;
  }

  /** Records one finished operation; returns true when the breaker is (now) open. */
  record(failed: boolean): boolean {
    this.#attempted += 1;
    if (failed) this.#failed += 1;
    return this.isOpen();
  }

  isOpen(): boolean {
    return (
      this.#attempted >= this.minAttempts && this.#failed / this.#attempted > this.maxFailureRate
    );
  }

  describe(): string {
    return (
      `executor: breaker open: ${this.#failed} of ${this.#attempted} attempted operations failed ` +
      `(limit ${formatRate(this.maxFailureRate)})`
    );
  }
}

function formatRate(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
