/**
 * Cognito resource server identifiers and scope names: `[A-Za-z0-9._~-]`, 1-64 characters, what
 * stage variables can carry unchanged.
 */
export const SCOPE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;
