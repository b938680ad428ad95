/**
 * 全国地方公共団体コード: five digits and a check digit, the last digit of 11 − (Σ dᵢ·wᵢ mod 11)
 * with weights 6, 5, 4, 3, 2 (総務省). 292095 = 生駒市: 2·6 + 9·5 + 2·4 + 0·3 + 9·2 = 83, 83 mod 11 = 6,
 * 11 − 6 = 5.
 */
export function localGovernmentCheckDigit(fiveDigits: string): number {
  const sum = [...fiveDigits].reduce((total, digit, i) => total + Number(digit) * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

export function isLocalGovernmentCode(code: string): boolean {
  return /^\d{6}$/.test(code) && localGovernmentCheckDigit(code.slice(0, 5)) === Number(code[5]);
}
