/**
 * How a run's progress is shown: a bar redrawn in place on a terminal, one line per status
 * change otherwise (logs, CI), nothing with `--json`.
 */
export interface ProgressState {
  status: string;
  done: number;
  total: number | null;
}

export interface ProgressView {
  update(state: ProgressState): void;
  /** Ends the bar's line. */
  finish(): void;
}

const WIDTH = 30;

export function renderBar({ status, done, total }: ProgressState): string {
  if (!total) return `${status.padEnd(14)} ${done} done`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * WIDTH);
  const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
  return `${status.padEnd(14)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total}`;
}

export function progressView(
  stream: NodeJS.WriteStream,
  mode: "tty" | "lines" | "silent",
): ProgressView {
  let lastStatus: string | undefined;
  let drawn = false;
  return {
    update(state) {
      if (mode === "silent") return;
      if (mode === "tty") {
        stream.write(`\r\x1b[2K${renderBar(state)}`);
        drawn = true;
        return;
      }
      if (state.status !== lastStatus) stream.write(`${renderBar(state)}\n`);
      lastStatus = state.status;
    },
    finish() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
