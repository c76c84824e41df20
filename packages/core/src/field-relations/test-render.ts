/** Test helper: parse, compile and evaluate one template against a scope. */
import { compileTemplate } from "./evaluate.ts";
import { createPinyinConverter } from "./pinyin.ts";
import { scopeReader, textReader } from "./scope.ts";
import { parseTemplate } from "./template.ts";

export function render(
  template: string,
  raw: Record<string, unknown> = {},
  overrides: Record<string, string> = {},
): string | undefined {
  const env = { pinyin: createPinyinConverter(overrides), readPath: textReader(scopeReader([])) };
  return compileTemplate(parseTemplate(template), env)({ builtins: {}, raw });
}
