import { describe, expect, it } from "vitest";
import { checkTargets, type SizeResult, toTable } from "./report.ts";

const MB = 1024 * 1024;
const tenK: SizeResult = {
  users: 10_000,
  departments: 1_000,
  entries: 11_000,
  fullMs: 10_000,
  fullReadAndPlanMs: 2_000,
  fullApplyMs: 8_000,
  ldapaddMs: 8_000,
  noOpMs: 1_000,
  noOpWrites: 0,
  changeMs: 1_500,
  changedPeople: 100,
  changeWrites: 170,
  entriesChanged: 170,
  apiCalls: 1_040,
  apiLowerBound: 1_020,
  peakRssBytes: 390 * MB,
  eventP95Ms: 1_900,
  eventMedianMs: 1_200,
};

describe("checkTargets", () => {
  it("passes a 10k result inside every target", () => {
    expect(checkTargets([tenK])).toEqual([]);
  });

  it("names each missed target with the measured value", () => {
    const misses = checkTargets([
      { ...tenK, fullMs: 12_000, noOpWrites: 3, changeWrites: 171, peakRssBytes: 650 * MB },
    ]);
    expect(misses).toEqual([
      "10k: full sync 1.50× ldapadd (target ≤ 1.3)",
      "10k: no-op wrote 3 times (target 0)",
      "10k: 1% change wrote 171 times for 170 changed entries (target equal)",
      "10k: peak RSS 650 MB (target ≤ 400 MB)",
    ]);
  });

  it("checks 100k against 10k", () => {
    const hundredK = { ...tenK, users: 100_000, fullMs: 130_000, peakRssBytes: 1_600 * MB };
    expect(checkTargets([tenK, hundredK])).toEqual([
      "100k: peak RSS 1600 MB (target ≤ 1.5 GB)",
      "100k ÷ 10k full sync time 13.0 (target ≤ 12)",
    ]);
  });
});

describe("toTable", () => {
  it("prints one column per size with the ratios to ldapadd", () => {
    const table = toTable([tenK]);
    expect(table).toMatch(/full sync\s+10\.00 s = 1\.25×/);
    expect(table).toMatch(/no-op resync\s+1\.00 s = 0\.13×, 0 writes/);
    expect(table).toMatch(/API calls\s+1040 \/ 1020 = 1\.020/);
  });
});
