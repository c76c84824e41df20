import { useCallback, useRef, useState } from "react";
import { useGraphQLMutation } from "../../graphql/hooks.ts";
import {
  type ConnectionReportData,
  type DirectorySettingsData,
  type DirectorySettingsInput,
  SettingsUpdateDirectoryMutation,
} from "./directory-documents.ts";
import { type Built, type Issue, isPlacementRefusal } from "./directory-form.ts";

/** What the last Save of a section came to. */
export type SaveOutcome =
  | { kind: "saved"; report: ConnectionReportData | null }
  /** The directory could not be reached, refused the bind or lacks the base DN. */
  | { kind: "unreachable"; report: ConnectionReportData }
  | { kind: "invalid"; issues: Issue[]; message?: string }
  /** A base DN or layout change after a sync: saved only when the admin confirms (`force`). */
  | { kind: "placement"; issues: Issue[] }
  | { kind: "failed"; error: unknown };

export interface DirectorySave {
  /** Sends the section's input, unless the local checks found something to fix first. */
  save(built: Built, options: { verify: boolean }): void;
  /** Sends the refused input again with `force`. */
  force(): void;
  reset(): void;
  pending: boolean;
  outcome: SaveOutcome | undefined;
  /** The issues to show next to the fields. */
  issues: readonly Issue[];
}

/**
 * One section's Save: `updateDirectorySettings` with the section's fields only, its typed
 * errors turned into an outcome the section shows, and the settings query refreshed on success.
 */
export function useDirectorySave(
  onSaved: (settings: DirectorySettingsData) => void,
): DirectorySave {
  const [outcome, setOutcome] = useState<SaveOutcome>();
  const last = useRef<{ input: DirectorySettingsInput; verify: boolean }>(undefined);
  const mutation = useGraphQLMutation(SettingsUpdateDirectoryMutation, {
    invalidates: ["SettingsDirectory"],
  });

  const send = useCallback(
    (input: DirectorySettingsInput, verify: boolean, force: boolean) => {
      last.current = { input, verify };
      setOutcome(undefined);
      mutation.mutate(
        { input, verify, ...(force ? { force: true } : {}) },
        {
          onSuccess: (data) => {
            const result = data.updateDirectorySettings;
            switch (result.__typename) {
              case "DirectorySettingsUpdate":
                setOutcome({ kind: "saved", report: result.report ?? null });
                onSaved(result.settings);
                return;
              case "DirectoryConnectionError":
                setOutcome({ kind: "unreachable", report: result.refusedReport });
                return;
              case "ValidationError": {
                const issues = [...result.issues];
                setOutcome(
                  isPlacementRefusal(issues)
                    ? { kind: "placement", issues }
                    : { kind: "invalid", issues, message: result.message },
                );
                return;
              }
            }
          },
          onError: (error) => setOutcome({ kind: "failed", error }),
        },
      );
    },
    [mutation, onSaved],
  );

  return {
    save(built, { verify }) {
      if (built.issues.length > 0) {
        setOutcome({ kind: "invalid", issues: built.issues });
        return;
      }
      send(built.input, verify, false);
    },
    force() {
      if (last.current) send(last.current.input, last.current.verify, true);
    },
    reset() {
      setOutcome(undefined);
    },
    pending: mutation.isPending,
    outcome,
    issues: outcome?.kind === "invalid" || outcome?.kind === "placement" ? outcome.issues : [],
  };
}
