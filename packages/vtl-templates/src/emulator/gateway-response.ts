/**
 * Gateway-response body templates are not run through Velocity. Guide, on $context.error.message: "This variable can
 * only be used for simple variable substitution in a GatewayResponse body-mapping template, which is not processed by
 * the Velocity Template Language engine". This renderer performs exactly that substitution of `$context.<path>` and
 * refuses anything that would need the VTL engine (directives, `$input`, `$util`, `$stageVariables`).
 */
export function renderGatewayResponse(template: string, context: Record<string, unknown>): string {
  const directive = /#(set|if|elseif|else|end|foreach|macro|define|parse|include|evaluate|break|stop)\b|##|#\*/.exec(template);
  if (directive) throw new Error(`gateway response templates cannot use VTL (${directive[0]})`);
  const other = /\$!?\{?(?!context\.)[A-Za-z]/.exec(template);
  if (other) throw new Error(`gateway response templates may only substitute $context variables (found ${other[0]})`);
  return template.replace(/\$context((?:\.[A-Za-z][A-Za-z0-9]*)+)/g, (_match, dotted: string) => {
    let value: unknown = context;
    for (const key of dotted.slice(1).split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined) throw new Error(`$context${dotted} is not set`);
    return String(value);
  });
}

/**
 * `$context.error.messageString`, guide: "The quoted value of $context.error.message, namely
 * "$context.error.message"." API Gateway's own messages ("Unauthorized", "Invalid request body") contain no
 * characters that would need JSON escaping.
 */
export function gatewayErrorContext(message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, error: { message, messageString: `"${message}"` } };
}
