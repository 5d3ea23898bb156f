/**
 * Rules every string of the configuration file obeys, keys included, whatever field it is in:
 * checked once where the file is read (see `parseConfigJson`), so a field added later is covered
 * without anyone remembering to. Config text ends up in Terraform strings (names, descriptions,
 * tags, the Lambda's environment, the backend), and in both renderings Terraform must read
 * exactly what the user wrote; these are the characters for which that cannot hold.
 *
 * | rule | refused | why |
 * | --- | --- | --- |
 * | `config.text.terraformTemplate` | `${` and `%{` | Terraform evaluates every string as a template: `${file("/etc/passwd")}` would be read at plan time, `%{ if }` is a directive |
 * | `config.text.backslash` | `\` | cdktf 0.21 writes it unescaped into the HCL rendering, where `\n` or `\"` mean something else |
 * | `config.text.control` | U+0000-U+001F, U+007F-U+009F (NUL, tab, newline, ...) | invisible in review, cut names short in C APIs, break the one-line shell steps and HCL strings |
 * | `config.text.bidi` | Unicode bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) | text that displays differently from what it is (CVE-2021-42574, "Trojan Source") |
 * | `config.text.surrogate` | unpaired UTF-16 surrogates (`"\ud800"` in JSON) | not a character; cannot be encoded as UTF-8 |
 */
export const CONFIG_TEXT_RULES: readonly { readonly id: string; readonly pattern: RegExp; readonly rule: string }[] = [
  {
    id: 'config.text.terraformTemplate',
    pattern: /\$\{|%\{/,
    rule: 'must not contain "${" or "%{": Terraform would evaluate it as an interpolation or directive',
  },
  {
    id: 'config.text.backslash',
    pattern: /\\/,
    rule: 'must not contain a backslash: the HCL rendering (cdktf 0.21) would read it as an escape',
  },
  {
    id: 'config.text.control',
    pattern: /\p{Cc}/u,
    rule: 'must not contain control characters (NUL, tab, newline, U+007F-U+009F)',
  },
  {
    id: 'config.text.bidi',
    pattern: /\p{Bidi_Control}/u,
    rule: 'must not contain Unicode bidirectional control characters (text would display differently from what it is)',
  },
  {
    id: 'config.text.surrogate',
    pattern: /\p{Cs}/u,
    rule: 'must not contain an unpaired UTF-16 surrogate (not a character; it has no UTF-8 encoding)',
  },
];

/** The first rule `text` breaks, as `[rule id] rule`, or undefined when it breaks none. */
export function textRuleViolation(text: string): string | undefined {
  const broken = CONFIG_TEXT_RULES.find((r) => r.pattern.test(text));
  return broken && `[${broken.id}] ${broken.rule}`;
}
