/**
 * A plain e-mail address (local part of RFC 5322 atext and dots, a DNS host name): no spaces,
 * quotes, backslashes or control characters, which would otherwise reach a policy or an API call.
 */
export const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
