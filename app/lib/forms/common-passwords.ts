// The most common passwords in public breach corpora (SecLists' top lists, NCSC's 100k list)
// that are 8 characters or longer — shorter ones are refused by the length rule anyway — plus
// Japanese-keyboard favourites and this service's own name. Compared case-insensitively.
// A short list by design (ASVS 2.1.7 asks for the most common); extend it rather than replace it.
const list = `
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word
12345678 123456789 1234567890 12345678910 0123456789 11111111 111111111 1111111111 00000000
000000000 22222222 55555555 66666666 77777777 88888888 99999999 87654321 987654321 9876543210
11223344 12341234 12121212 123123123 123321123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx
zaq1zaq1 qwertyui qwertyuiop qwerty123 qwerty1234 qwerty12 asdfghjkl asdfasdf asdf1234
zxcvbnm1 zxcvbnm123 abcd1234 abc12345 abcdefgh abcdefg1 a1234567 aa123456 aaaaaaaa
iloveyou iloveyou1 sunshine princess football baseball superman batman123 starwars
whatever trustno1 letmein1 welcome1 welcome123 computer internet michelle jennifer
charlie1 master123 dragon123 monkey123 shadow123 liverpool chelsea1 arsenal1 1234qwer
qazwsxedc qweasdzxc q1w2e3r4 q1w2e3r4t5 changeme changeme1 default1 administrator admin123
admin1234 administrator1 secret123 passport login123 test1234 testtest guest123 user1234
pokemon1 naruto123 doraemon sakura123 tokyo123 japan123 nippon123 konnichiwa arigatou
aishiteru daisuki1 machinaeki machinaeki1 demo-password
`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean));

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}
