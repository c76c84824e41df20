import type { ComponentProps } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

/** A button that shows it is working (`busy`) and cannot be pressed twice meanwhile. */
export function Button({
  variant = "secondary",
  busy = false,
  className,
  disabled,
  children,
  type = "button",
  ...rest
}: ComponentProps<"button"> & { variant?: ButtonVariant; busy?: boolean }) {
  return (
    <button
      type={type}
      className={["btn", `btn-${variant}`, className].filter(Boolean).join(" ")}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
      {children}
    </button>
  );
}
