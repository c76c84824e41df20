import { describe, expect, it } from "vitest";
import { createPinyinConverter } from "./pinyin.ts";

describe("pinyin converter", () => {
  const convert = createPinyinConverter();

  it("joins tone-less syllables with nothing", () => {
    expect(convert("张伟", "text")).toBe("zhangwei");
    expect(convert("研发中心", "text")).toBe("yanfazhongxin");
  });

  it("reads polyphonic characters in context", () => {
    expect(convert("银行", "text")).toBe("yinhang");
    expect(convert("重庆", "text")).toBe("chongqing");
  });

  it("reads the first character as a surname in name mode", () => {
    expect(convert("曾小明", "name")).toBe("zengxiaoming");
    expect(convert("单雄信", "name")).toBe("shanxiongxin");
    expect(convert("曾小明", "text")).toBe("cengxiaoming");
  });

  it("keeps non-Han characters as they are and writes ü as v", () => {
    expect(convert("Tom 李", "text")).toBe("Tom li");
    expect(convert("李·王（x）", "text")).toBe("li·wang（x）");
    expect(convert("张伟😀", "text")).toBe("zhangwei😀");
    expect(convert("绿", "text")).toBe("lv");
    expect(convert("ABC-1", "text")).toBe("ABC-1");
    expect(convert("", "name")).toBe("");
  });

  it("applies overrides, longest match first, left to right", () => {
    const withOverrides = createPinyinConverter({ 单于: "chanyu", 单: "shan", 于小: "WRONG" });
    // "单于" wins over "单" at position 0, so "于小" never gets a chance.
    expect(withOverrides("单于小明", "name")).toBe("chanyuxiaoming");
    expect(withOverrides("单雄信", "text")).toBe("shanxiongxin");
    expect(withOverrides("老单", "text")).toBe("laoshan");
  });

  it("converts the runs between overrides with their context", () => {
    const withOverrides = createPinyinConverter({ 李: "lee" });
    expect(withOverrides("李银行", "text")).toBe("leeyinhang");
    expect(withOverrides("银行李曾", "name")).toBe("yinhangleeceng");
    // The surname rule applies to the first run only when it starts the name.
    expect(withOverrides("曾小明李", "name")).toBe("zengxiaominglee");
  });

  it("keeps overrides per converter (no global state)", () => {
    const a = createPinyinConverter({ 张: "chang" });
    const b = createPinyinConverter();
    expect(a("张伟", "text")).toBe("changwei");
    expect(b("张伟", "text")).toBe("zhangwei");
    expect(convert("张伟", "text")).toBe("zhangwei");
  });
});
