import type { SourceSnapshot } from "@orgsync/core";
import type { BenchEnvironment } from "./bench-environment.ts";

/**
 * One change at a time in the sandbox — a person renamed, pushed to the service as Feishu's
 * signed, encrypted `contact.user.updated_v3` — timed until LDAP shows the new name (ldapsearch
 * every 25 ms). Each change waits for the previous one to land, so none is coalesced with
 * another: every sample is one event's whole path (the service's quiet window included).
 */
export async function eventLatencies(
  env: BenchEnvironment,
  org: SourceSnapshot,
  events: number,
): Promise<number[]> {
  const usersDn = `ou=people,${env.slapd.baseDn}`;
  const people = org.users.filter((user) => user.status === "active" && user.raw.employee_no);
  const stride = Math.max(1, Math.floor(people.length / events));
  const latencies: number[] = [];
  for (let i = 0; i < events; i++) {
    const person = people[(i * stride + 7) % people.length];
    if (!person) throw new Error("bench: not enough people for the events");
    const name = `${person.name}${i}号`;
    const started = performance.now();
    await env.sandbox.updateUser(person.id, { name, raw: { name } });
    const filter = `(employeeNumber=${person.raw.employee_no})`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [entry] = await env.slapd.ldapsearch(usersDn, filter, ["displayName"]);
      if (entry?.attributes.displayName?.[0] === name) break;
      if (Date.now() > deadline) {
        throw new Error(`bench: event ${i} (${person.id} renamed) not in LDAP after 60 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** The nearest-rank percentile of `samples`. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
