/**
 * Strings an agent (or a prompt injection reaching one) might send. The builder tests check each
 * stays one parameter; the engine tests run each on Trino and check it matches only itself.
 */
export const CORPUS: string[] = [
  "' OR '1'='1",
  "x'; DROP TABLE logs; --",
  "'; SELECT * FROM information_schema.tables; --",
  'a\' UNION SELECT "log", NULL FROM "s3tablescatalog/other"."db"."t" --',
  "' UNION ALL SELECT 1,2,3 /*",
  '*/ OR 1=1 /*',
  '-- everything after is a comment',
  "'') OR (''='",
  "\\' OR 1=1 --",
  '" OR "a"="a',
  '?',
  "?' , '?",
  "'; SET SESSION query_max_run_time = '1h'; --",
  'ＵＮＩＯＮ ＳＥＬＥＣＴ', // fullwidth letters
  '＇ OR １=１ --', // fullwidth apostrophe U+FF07
  'ʼ OR 1=1 --', // modifier letter apostrophe U+02BC
  '\u2019 OR 1=1 --', // right single quotation mark
  '\u2018\u201b\u2032 OR 1=1',
  'abc\u202e--\u202d', // bidi overrides
  'zero\u200bwidth\u200d',
  'line1\nline2\r\n; DELETE FROM x',
  '\t\v\f',
  'emoji 🪵 and 𝓾𝓷𝓲𝓬𝓸𝓭𝓮',
  "''''''''",
  '%_%',
  '${jndi:ldap://x}',
  '$(rm -rf /)',
];
