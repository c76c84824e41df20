import { describe, expect, it } from "vitest";
import { csvField, csvRow, toCsv } from "./csv.ts";

describe("csvField", () => {
  it("leaves plain text, numbers and nothing as they are", () => {
    expect(csvField("createUser")).toBe("createUser");
    expect(csvField("张伟")).toBe("张伟");
    expect(csvField(42)).toBe("42");
    expect(csvField(0)).toBe("0");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(true)).toBe("true");
  });

  it("quotes commas, doubling the quotes inside", () => {
    expect(csvField("uid=zhangwei,ou=people,dc=example,dc=com")).toBe(
      '"uid=zhangwei,ou=people,dc=example,dc=com"',
    );
    expect(csvField('cn=R"D')).toBe('"cn=R""D"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it("quotes line breaks so a message stays in one cell", () => {
    expect(csvField("first line\nsecond line")).toBe('"first line\nsecond line"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });

  it("quotes leading and trailing spaces so spreadsheets keep them", () => {
    expect(csvField(" padded ")).toBe('" padded "');
  });

  it("defuses what a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+86 138 0000 0000")).toBe("'+86 138 0000 0000");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    // Numbers are values, not text: a negative number stays a number.
    expect(csvField(-5)).toBe("-5");
    // Only the first character matters.
    expect(csvField("a=b")).toBe("a=b");
  });

  it("defuses and quotes together", () => {
    expect(csvField("=cmd|' /C calc'!A0,x")).toBe("\"'=cmd|' /C calc'!A0,x\"");
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"');
    expect(
      toCsv(
        ["seq", "dn", "message"],
        [
          [0, "uid=a,ou=people", "ok"],
          [1, "uid=b,ou=people", "line 1\nline 2"],
        ],
      ),
    ).toBe('seq,dn,message\r\n0,"uid=a,ou=people",ok\r\n1,"uid=b,ou=people","line 1\nline 2"\r\n');
  });

  it("writes only the header when there are no rows", () => {
    expect(toCsv(["seq", "op"], [])).toBe("seq,op\r\n");
  });
});
