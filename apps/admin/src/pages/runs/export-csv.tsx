import { useState } from "react";
import { request } from "../../graphql/client.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { Notice } from "../../ui/notice.tsx";
import { errorText } from "../../ui/states.tsx";
import { toCsv } from "./csv.ts";
import { type RunItem, RunItemsQuery } from "./run-documents.ts";
import { runMessages } from "./run-messages.ts";

const EXPORT_PAGE = 1000;

export const CSV_HEADER = [
  "seq",
  "op",
  "outcome",
  "dn",
  "anchor",
  "errorCategory",
  "message",
  "attempts",
  "durationMs",
] as const;

/** Every item of a run, a thousand at a time, in plan order. */
export async function fetchAllItems(
  runId: string,
  onProgress: (loaded: number) => void = () => {},
): Promise<RunItem[]> {
  const items: RunItem[] = [];
  let after: string | undefined;
  do {
    const page = await request(RunItemsQuery, {
      id: runId,
      first: EXPORT_PAGE,
      ...(after ? { after } : {}),
    });
    const nodes = page.run?.items.nodes ?? [];
    items.push(...nodes);
    onProgress(items.length);
    after = page.run?.items.endCursor ?? undefined;
  } while (after);
  return items;
}

export function itemsCsv(items: readonly RunItem[]): string {
  return toCsv(
    CSV_HEADER,
    items.map((item) => [
      item.seq,
      item.op,
      item.outcome,
      item.dn,
      item.anchor,
      item.errorCategory,
      item.message,
      item.attempts,
      item.durationMs,
    ]),
  );
}

/** Saves text as a file; the BOM lets Excel read the UTF-8 (Chinese names) correctly. */
function download(filename: string, text: string): void {
  const blob = new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Export CSV": every object of the run with its outcome and error, for a spreadsheet. */
export function ExportCsvButton({ runId }: { runId: string }) {
  const t = useMessages(runMessages);
  const common = useMessages(commonMessages);
  const [loaded, setLoaded] = useState<number | undefined>();
  const [error, setError] = useState<unknown>();
  const exportCsv = async () => {
    setError(undefined);
    setLoaded(0);
    try {
      const items = await fetchAllItems(runId, setLoaded);
      download(`orgsync-run-${runId}.csv`, itemsCsv(items));
    } catch (caught) {
      setError(caught);
    } finally {
      setLoaded(undefined);
    }
  };
  return (
    <>
      <Button busy={loaded !== undefined} onClick={() => void exportCsv()}>
        {loaded !== undefined && loaded > 0 ? t.exporting(loaded) : t.exportCsv}
      </Button>
      {error !== undefined && (
        <Notice tone="danger" title={t.exportFailed}>
          {errorText(error, common.unreachable)}
        </Notice>
      )}
    </>
  );
}
