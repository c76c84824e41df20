import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { familyOf, histogramSeries, parseMetrics, sampleValue } from "./prometheus-text.ts";

/** The tests' parser must read what prom-client writes and refuse what breaks the format. */
describe("the tests' Prometheus text parser", () => {
  it("reads what prom-client writes: escapes, labelled histograms", async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: "t_total",
      help: 'a help with a \\ backslash and a\nnewline and "quotes"',
      labelNames: ["path"],
      registers: [registry],
    });
    counter.inc({ path: 'C:\\DIR\\"FILE"\n' }, 3);
    const histogram = new Histogram({
      name: "t_seconds",
      help: "h",
      labelNames: ["a"],
      buckets: [0.1, 1],
      registers: [registry],
    });
    histogram.observe({ a: "x" }, 0.5);
    histogram.observe({ a: "y" }, 5);
    histogram.observe({ a: "y" }, 0.05);
    const families = parseMetrics(await registry.metrics());
    expect(familyOf(families, "t_total")).toMatchObject({
      type: "counter",
      help: 'a help with a \\ backslash and a\nnewline and "quotes"',
    });
    expect(sampleValue(families, "t_total", { path: 'C:\\DIR\\"FILE"\n' })).toBe(3);
    expect(histogramSeries(families, "t_seconds")).toEqual([
      {
        labels: { a: "x" },
        buckets: new Map([
          [0.1, 0],
          [1, 1],
          [Infinity, 1],
        ]),
        sum: 0.5,
        count: 1,
      },
      {
        labels: { a: "y" },
        buckets: new Map([
          [0.1, 1],
          [1, 1],
          [Infinity, 2],
        ]),
        sum: 5.05,
        count: 2,
      },
    ]);
  });

  it("reads special values in any case, as Prometheus (Go's ParseFloat) does", () => {
    const families = parseMetrics("a Nan\nb +Inf\nc -infinity\nd 1.5e3 1700000000000\n");
    expect(sampleValue(families, "a")).toBeNaN();
    expect(sampleValue(families, "b")).toBe(Infinity);
    expect(sampleValue(families, "c")).toBe(-Infinity);
    expect(sampleValue(families, "d")).toBe(1500);
  });

  it.each([
    ["garbage line here\n", /bad value/],
    ['a{b="c} 1\n', /unterminated/],
    ['a{b="c"} notanumber\n', /bad value/],
    ["a 1 12 extra\n", /extra text/],
    ["a 1", /end in/],
    ['a{b="\\t"} 1\n', /escape/],
    ["# HELP a bad \\t escape\n", /escape/],
    ["a 1\na 2\n", /same series twice/],
    ["a 1\nb 1\na 2\n", /appears again/],
    ["# TYPE a counter\n# TYPE a gauge\na 1\n", /second TYPE/],
    ["a 1\n# TYPE a counter\n", /after its samples/],
    ["# TYPE a counter\na -1\n", /below 0/],
    ["# TYPE a nonsense\n", /unknown type/],
    [
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      /decrease/,
    ],
    ['# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /\+Inf/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n', /_count/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n', /_sum/],
  ])("refuses %j", (text, why) => {
    expect(() => parseMetrics(text)).toThrow(why);
  });
});
