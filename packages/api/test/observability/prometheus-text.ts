/**
 * A strict parser of Prometheus' text exposition format (0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details), for the
 * tests that read `/metrics`. Written here because npm's one parser of the format
 * (`parse-prometheus-text-format` 1.1.1) is lenient — it turns `garbage line here` into a
 * sample — and merges a histogram's labelled series into one, dropping their labels, `_sum`
 * and `_count`, which are exactly what these tests read.
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, … for histograms). */
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
  /** 1-based line in the text. */
  line: number;
}

export interface MetricFamily {
  name: string;
  /** Unescaped; `""` without a HELP line. */
  help: string;
  /** `untyped` without a TYPE line. */
  type: MetricType;
  samples: Sample[];
}

/** One histogram series: its buckets by upper bound, its sum and count. */
export interface HistogramSeries {
  labels: Record<string, string>;
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
/**
 * Go's ParseFloat as Prometheus reads values: decimals, exponents, and NaN, ±Inf, ±Infinity in
 * any case (prom-client writes an undefined gauge as `Nan`, which Prometheus accepts).
 */
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|[+-]?inf(?:inity)?|nan)$/i;
const TIMESTAMP = /^-?\d+$/;
const TYPES = new Set<string>(["counter", "gauge", "histogram", "summary", "untyped"]);

const floatOf = (text: string): number => {
  const special = text.toLowerCase().replace(/^\+/, "");
  if (special === "inf" || special === "infinity") return Infinity;
  if (special === "-inf" || special === "-infinity") return -Infinity;
  return Number(text); // NaN for "nan" in any case
};

/**
 * Parses the text, throwing on the first line (1-based) that breaks the format: bad names,
 * labels, escapes, values or timestamps; a second HELP or TYPE; a TYPE after its samples; a
 * family interleaved with another; a series given twice; a negative counter; histograms whose
 * buckets are unordered, decrease, lack `+Inf`, or whose `_count` or `_sum` is missing or off.
 */
export function parseMetrics(text: string): MetricFamily[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("metrics: the text must end in \\n");
  const families = new Map<string, MetricFamily>();
  const finished = new Set<string>();
  const series = new Set<string>();
  let current: MetricFamily | undefined;

  const fail = (line: number, why: string, content: string): never => {
    throw new Error(`metrics: line ${line}: ${why}: ${JSON.stringify(content)}`);
  };
  const familyNamed = (name: string): MetricFamily => {
    let family = families.get(name);
    if (!family) {
      family = { name, help: "", type: "untyped", samples: [] };
      families.set(name, family);
    }
    return family;
  };
  /** The family a sample belongs to: the histogram or summary its suffix names, else itself. */
  const familyNameOf = (name: string): string => {
    for (const suffix of ["_bucket", "_sum", "_count"]) {
      if (!name.endsWith(suffix)) continue;
      const type = families.get(name.slice(0, -suffix.length))?.type;
      if (type === "histogram" || (type === "summary" && suffix !== "_bucket")) {
        return name.slice(0, -suffix.length);
      }
    }
    return name;
  };
  /** Lines of one family come together: once another family started, it is closed. */
  const enter = (name: string, line: number, content: string): MetricFamily => {
    if (current?.name !== name) {
      if (finished.has(name)) fail(line, `${name} appears again after other families`, content);
      if (current) finished.add(current.name);
      current = familyNamed(name);
    }
    return current;
  };

  text
    .split("\n")
    .slice(0, -1)
    .forEach((content, index) => {
      const line = index + 1;
      if (content.trim() === "") return;
      if (content.startsWith("#")) {
        const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(content);
        if (!match) return; // any other comment
        const [, keyword, name = "", rest = ""] = match;
        if (METRIC_NAME.exec(name)?.[0] !== name) fail(line, "bad metric name", content);
        const family = enter(name, line, content);
        if (keyword === "HELP") {
          if (family.help !== "") fail(line, `a second HELP for ${name}`, content);
          family.help = unescapeHelp(rest, line, content, fail);
          return;
        }
        if (!TYPES.has(rest)) fail(line, `unknown type "${rest}"`, content);
        if (family.type !== "untyped") fail(line, `a second TYPE for ${name}`, content);
        if (family.samples.length > 0) fail(line, `TYPE of ${name} after its samples`, content);
        family.type = rest as MetricType;
        return;
      }
      const sample = parseSampleLine(content, line, fail);
      const family = enter(familyNameOf(sample.name), line, content);
      const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
      if (series.has(key)) fail(line, "the same series twice", content);
      series.add(key);
      if (family.type === "counter" && !(sample.value >= 0)) {
        fail(line, "a counter below 0", content);
      }
      family.samples.push(sample);
    });

  const all = [...families.values()];
  for (const family of all) if (family.type === "histogram") histogramsOf(family);
  return all;
}

/** The family named `name`; throws naming the families there are when it is missing. */
export function familyOf(families: readonly MetricFamily[], name: string): MetricFamily {
  const found = families.find((family) => family.name === name);
  if (!found) {
    throw new Error(
      `metrics: no family ${name}; there are ${families.map((family) => family.name).join(", ")}`,
    );
  }
  return found;
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(
  families: readonly MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const matching = familyOf(families, name).samples.filter(
    (sample) => sample.name === name && includes(sample.labels, labels),
  );
  if (matching.length !== 1) {
    throw new Error(
      `metrics: ${matching.length} samples of ${name} match ${JSON.stringify(labels)}, not 1`,
    );
  }
  return (matching[0] as Sample).value;
}

/** The series of histogram `name` whose labels include `labels`. */
export function histogramSeries(
  families: readonly MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): HistogramSeries[] {
  const family = familyOf(families, name);
  if (family.type !== "histogram") throw new Error(`metrics: ${name} is a ${family.type}`);
  return histogramsOf(family).filter((series) => includes(series.labels, labels));
}

function includes(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

function unescapeHelp(
  text: string,
  line: number,
  content: string,
  fail: (line: number, why: string, content: string) => never,
): string {
  return text.replace(/\\(.?)/g, (_, escaped: string) => {
    if (escaped === "\\") return "\\";
    if (escaped === "n") return "\n";
    return fail(line, "HELP escapes only \\\\ and \\n", content);
  });
}

function parseSampleLine(
  content: string,
  line: number,
  fail: (line: number, why: string, content: string) => never,
): Sample {
  let rest = content;
  const name = METRIC_NAME.exec(rest)?.[0] ?? fail(line, "a sample starts with a name", content);
  rest = rest.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith("}")) {
      const label = LABEL_NAME.exec(rest)?.[0] ?? fail(line, "bad label name", content);
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="')) fail(line, `label ${label} needs ="value"`, content);
      rest = rest.slice(2);
      let value = "";
      for (;;) {
        const char = rest[0] ?? fail(line, "unterminated label value", content);
        if (char === '"') break;
        if (char === "\\") {
          const escaped = rest[1];
          if (escaped === "\\" || escaped === '"') value += escaped;
          else if (escaped === "n") value += "\n";
          else fail(line, 'label values escape only \\\\, \\" and \\n', content);
          rest = rest.slice(2);
        } else {
          value += char;
          rest = rest.slice(1);
        }
      }
      rest = rest.slice(1).trimStart();
      if (Object.hasOwn(labels, label)) fail(line, `label ${label} twice`, content);
      labels[label] = value;
      if (rest.startsWith(",")) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith("}")) fail(line, "labels are separated by commas", content);
    }
    rest = rest.slice(1);
  }
  if (!/^[ \t]+\S/.test(rest)) fail(line, "a blank and a value must follow the name", content);
  const [value = "", timestamp, ...extra] = rest.trim().split(/[ \t]+/);
  if (!FLOAT.test(value)) fail(line, `bad value "${value}"`, content);
  if (timestamp !== undefined && !TIMESTAMP.test(timestamp)) {
    fail(line, `bad timestamp "${timestamp}"`, content);
  }
  if (extra.length > 0) fail(line, "extra text after the timestamp", content);
  return {
    name,
    labels,
    value: floatOf(value),
    ...(timestamp === undefined ? {} : { timestamp: Number(timestamp) }),
    line,
  };
}

/** Groups a histogram's samples by series, checking each (see `parseMetrics`). */
function histogramsOf(family: MetricFamily): HistogramSeries[] {
  const { name } = family;
  const groups = new Map<
    string,
    { labels: Record<string, string>; buckets: Sample[]; sum?: Sample; count?: Sample }
  >();
  for (const sample of family.samples) {
    const { le, ...labels } = sample.labels;
    const key = JSON.stringify(Object.entries(labels).sort());
    let group = groups.get(key);
    if (!group) {
      group = { labels, buckets: [] };
      groups.set(key, group);
    }
    if (sample.name === `${name}_bucket`) {
      if (le === undefined || !FLOAT.test(le)) {
        throw new Error(`metrics: line ${sample.line}: a ${name} bucket without a numeric le`);
      }
      group.buckets.push(sample);
    } else if (sample.name === `${name}_sum`) group.sum = sample;
    else if (sample.name === `${name}_count`) group.count = sample;
    else throw new Error(`metrics: line ${sample.line}: ${sample.name} in histogram ${name}`);
  }
  return [...groups.values()].map(({ labels, buckets, sum, count }) => {
    const where = `metrics: histogram ${name}${JSON.stringify(labels)}`;
    let previous: Sample | undefined;
    for (const bucket of buckets) {
      if (previous) {
        if (floatOf(bucket.labels.le as string) <= floatOf(previous.labels.le as string)) {
          throw new Error(`${where}: buckets out of order at line ${bucket.line}`);
        }
        if (bucket.value < previous.value) {
          throw new Error(`${where}: bucket counts decrease at line ${bucket.line}`);
        }
      }
      previous = bucket;
    }
    if (previous?.labels.le !== "+Inf") throw new Error(`${where}: no +Inf bucket last`);
    if (!count || count.value !== previous.value) {
      throw new Error(`${where}: _count is missing or differs from the +Inf bucket`);
    }
    if (!sum) throw new Error(`${where}: no _sum`);
    return {
      labels,
      buckets: new Map(
        buckets.map((bucket) => [floatOf(bucket.labels.le as string), bucket.value]),
      ),
      sum: sum.value,
      count: count.value,
    };
  });
}
