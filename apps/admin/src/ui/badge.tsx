import type { ReactNode } from "react";
import type { Tone } from "./notice.tsx";

/** A short coloured label; the text carries the meaning, the colour only repeats it. */
export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: Tone | "neutral";
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const RUN_STATUS_TONES: Record<string, Tone | "neutral"> = {
  succeeded: "success",
  failed: "danger",
  interrupted: "danger",
  cancelled: "neutral",
  needs_approval: "warning",
  queued: "info",
  planning: "info",
  applying: "info",
};

export function runStatusTone(status: string): Tone | "neutral" {
  return RUN_STATUS_TONES[status] ?? "neutral";
}
