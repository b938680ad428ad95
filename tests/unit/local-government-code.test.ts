import { describe, expect, it } from "vitest";
import { isLocalGovernmentCode, localGovernmentCheckDigit } from "~/lib/local-government-code";

describe("全国地方公共団体コード", () => {
  it("accepts real codes, whatever their check digit's case", () => {
    // 生駒市, 大和郡山市, 長久手市, 所沢市, 札幌市中央区 (sum under 11), 函館市, 東京都, 千代田区
    for (const code of ["292095", "292036", "232386", "112089", "011011", "012025", "130001", "131016"]) {
      expect(isLocalGovernmentCode(code), code).toBe(true);
    }
  });

  it("refuses a wrong check digit, other lengths and letters", () => {
    for (const code of ["292094", "29209", "2920950", "29209a", "", "２９２０９５"]) {
      expect(isLocalGovernmentCode(code), code).toBe(false);
    }
  });

  it("a remainder of 0 gives 1 and a remainder of 1 gives 0 (the last digit of 11 − r)", () => {
    // 6·1 + 5·0 + 4·1 + 3·0 + 2·1 = 12 → r 1 → 10 → 0;  6·1 + 5·1 + 4·0 + 3·0 + 2·0 = 11 → r 0 → 11 → 1
    expect(localGovernmentCheckDigit("10101")).toBe(0);
    expect(localGovernmentCheckDigit("11000")).toBe(1);
  });
});
