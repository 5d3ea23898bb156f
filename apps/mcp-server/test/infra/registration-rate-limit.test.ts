import { CLIENT_IP_HEADER, RATE_LIMITED_BODY } from '../../src/infra/registration-rate-limit';
import { synth, Synthesized } from './helpers';

type Json = Record<string, unknown>;
const KEY_REF = '${aws_api_gateway_api_key.registration.value}';

/**
 * The per-client registration limit on the synthesized configuration. Nothing here can run AWS
 * WAF or API Gateway, so the second half interprets the synthesized rule, the front's parameter
 * mapping and the method's API-key requirement with the documented semantics (cited inline) and
 * replays a flood; the README's "Per-client registration limit" section gives the reasoning.
 */
describe('registration rate limit (synthesized)', () => {
  const s = synth();
  const acl = s.json.resource.aws_wafv2_web_acl.registration as Json;
  const rules = JSON.parse(acl.rule_json as string) as Json[];
  const rule = rules[0];
  const rate = (rule.Statement as Json).RateBasedStatement as Json;

  test('a regional web ACL with one rate-based rule on the REST stage, the global throttle kept', () => {
    expect(acl).toMatchObject({
      name: 'acme-dev-mcp-server-registration',
      scope: 'REGIONAL',
      default_action: { allow: {} },
      custom_response_body: [{ key: 'registration_rate_limited', content_type: 'APPLICATION_JSON', content: RATE_LIMITED_BODY }],
    });
    expect(acl.rule).toBeUndefined();
    expect(rules).toHaveLength(1);
    expect(rule).toMatchObject({
      Name: 'register-per-client-address',
      Priority: 0,
      Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'registration_rate_limited' } } },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    expect(rate).toEqual({
      Limit: 10,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'FORWARDED_IP',
      ForwardedIPConfig: { HeaderName: CLIENT_IP_HEADER, FallbackBehavior: 'MATCH' },
      ScopeDownStatement: expect.anything(),
    });
    // No byte matches: rule_json is decoded into the SDK's types, where SearchString is base64.
    expect(acl.rule_json).not.toContain('ByteMatchStatement');
    expect(s.json.resource.aws_wafv2_web_acl_association.registration).toEqual({
      resource_arn: '${aws_api_gateway_stage.this.arn}',
      web_acl_arn: '${aws_wafv2_web_acl.registration.arn}',
    });
    expect(s.json.resource.aws_api_gateway_method_settings.register_post).toMatchObject({
      method_path: 'register/POST',
      settings: { throttling_rate_limit: 1, throttling_burst_limit: 5 },
    });
  });

  test('only the front holds the key: POST /register requires it, the usage plan binds it to this stage', () => {
    expect(s.json.resource.aws_api_gateway_method.register_post).toMatchObject({ api_key_required: true });
    for (const [name, m] of Object.entries(s.json.resource.aws_api_gateway_method)) {
      if (name !== 'register_post') expect([name, m.api_key_required]).toEqual([name, undefined]);
    }
    expect(s.json.resource.aws_api_gateway_usage_plan.registration).toMatchObject({
      api_stages: [{ api_id: '${aws_api_gateway_rest_api.this.id}', stage: '${aws_api_gateway_stage.this.stage_name}' }],
    });
    expect(s.json.resource.aws_api_gateway_usage_plan_key.registration).toEqual({
      key_id: '${aws_api_gateway_api_key.registration.id}',
      key_type: 'API_KEY',
      usage_plan_id: '${aws_api_gateway_usage_plan.registration.id}',
    });
    const integrations = s.json.resource.aws_apigatewayv2_integration;
    expect(integrations.register.request_parameters).toEqual({
      [`overwrite:header.${CLIENT_IP_HEADER}`]: '$context.identity.sourceIp',
      'overwrite:header.x-api-key': KEY_REF,
    });
    for (const [name, i] of Object.entries(integrations))
      if (name !== 'register') expect([name, i.request_parameters]).toEqual([name, undefined]);
  });

  test('switched off: no WAF, no key, no parameter mapping; the global throttle alone', () => {
    const off = synth({ registration: { perSourceRateLimit: { enabled: false } } });
    expect(off.json.resource.aws_wafv2_web_acl).toBeUndefined();
    expect(off.json.resource.aws_api_gateway_api_key).toBeUndefined();
    expect(off.json.resource.aws_api_gateway_method.register_post.api_key_required).toBeUndefined();
    expect(off.json.resource.aws_apigatewayv2_integration.register.request_parameters).toBeUndefined();
  });

  test('limit and window come from config; out-of-range values are refused naming the field', () => {
    const custom = synth({ registration: { perSourceRateLimit: { limit: 50, evaluationWindowSeconds: 60 } } });
    const r = (
      (JSON.parse(custom.json.resource.aws_wafv2_web_acl.registration.rule_json as string) as Json[])[0].Statement as Json
    ).RateBasedStatement as Json;
    expect([r.Limit, r.EvaluationWindowSec]).toEqual([50, 60]);
    expect(() => synth({ registration: { perSourceRateLimit: { limit: 9 } } })).toThrow(
      /registration\.perSourceRateLimit\.limit/,
    );
    expect(() => synth({ registration: { perSourceRateLimit: { evaluationWindowSeconds: 30 } } })).toThrow(
      /registration\.perSourceRateLimit\.evaluationWindowSeconds: .*60, 120, 300 or 600/,
    );
  });

  describe('a flood replayed through the synthesized configuration', () => {
    interface Request {
      /** The TCP peer API Gateway accepted the connection from. */
      readonly sourceIp: string;
      /** Headers the client sent, forged ones included. */
      readonly headers: Record<string, string>;
      readonly method: string;
      readonly path: string;
      /** Through the public front (true) or straight at the REST stage's execute-api URL. */
      readonly viaFront: boolean;
    }
    type Outcome = 'cognito' | 'waf-429' | 'no-key-403';

    /** The pipeline of the synthesized resources: front mapping → WAF (REST stage) → API key check → Cognito. */
    function pipeline(cfg: Synthesized, keyValue: string) {
      const front = cfg.json.resource.aws_apigatewayv2_integration.register.request_parameters as Record<string, string>;
      const statement = (JSON.parse(cfg.json.resource.aws_wafv2_web_acl.registration.rule_json as string) as Json[])[0]
        .Statement as Json;
      const rb = statement.RateBasedStatement as Json;
      const header = ((rb.ForwardedIPConfig as Json).HeaderName as string).toLowerCase();
      const scopeDown = ((rb.ScopeDownStatement as Json).AndStatement as Json).Statements as Json[];
      const keyRequired = cfg.json.resource.aws_api_gateway_method.register_post.api_key_required === true;
      const counts = new Map<string, number>();
      return (req: Request): Outcome => {
        let headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
        if (req.viaFront) {
          // HTTP API parameter mapping: "overwrite:header.<name>" replaces the client's value;
          // $context.identity.sourceIp is the TCP peer (API Gateway developer guide).
          for (const [k, v] of Object.entries(front)) {
            const name = k.replace(/^overwrite:header\./, '').toLowerCase();
            headers = { ...headers, [name]: v === '$context.identity.sourceIp' ? req.sourceIp : v === KEY_REF ? keyValue : v };
          }
        }
        // WAF: a request without the header is not evaluated by the rule; otherwise the first
        // address in it is the aggregation key (ForwardedIPConfig, AWS WAF API reference).
        const matches = scopeDown.every((st) => {
          const m = st.RegexMatchStatement as Json;
          const field = Object.keys(m.FieldToMatch as Json)[0];
          let value = field === 'Method' ? req.method : req.path;
          if ((m.TextTransformations as Json[])[0].Type === 'LOWERCASE') value = value.toLowerCase();
          return new RegExp(m.RegexString as string).test(value);
        });
        if (rb.AggregateKeyType === 'FORWARDED_IP' && matches && headers[header] !== undefined) {
          const key = headers[header].split(',')[0].trim();
          const n = (counts.get(key) ?? 0) + 1;
          counts.set(key, n);
          if (n > (rb.Limit as number)) return 'waf-429';
        }
        if (keyRequired && headers['x-api-key'] !== keyValue) return 'no-key-403';
        return 'cognito';
      };
    }

    const register = (sourceIp: string, headers: Record<string, string> = {}, viaFront = true): Request => ({
      sourceIp,
      headers: { 'content-type': 'application/json', ...headers },
      method: 'POST',
      path: viaFront ? '/register' : '/api/register',
      viaFront,
    });

    test('one source is limited however it forges X-Forwarded-For or the client-address header; another still registers', () => {
      const send = pipeline(s, 'generated-by-api-gateway');
      const flood = Array.from({ length: 200 }, (_, i) =>
        send(register('203.0.113.7', { 'X-Forwarded-For': `198.51.100.${i % 250}`, [CLIENT_IP_HEADER]: `192.0.2.${i % 250}` })),
      );
      expect(flood.filter((o) => o === 'cognito')).toHaveLength(10);
      expect(flood.slice(10).every((o) => o === 'waf-429')).toBe(true);
      // A different client in the same window is counted on its own.
      const other = Array.from({ length: 3 }, () => send(register('198.18.0.42')));
      expect(other).toEqual(['cognito', 'cognito', 'cognito']);
    });

    test('going around the front does not help: without the key nothing reaches Cognito', () => {
      const send = pipeline(s, 'generated-by-api-gateway');
      const direct = Array.from({ length: 50 }, (_, i) =>
        send(register('203.0.113.9', { [CLIENT_IP_HEADER]: `192.0.2.${i}`, 'x-api-key': 'guessed' }, false)),
      );
      expect(direct.every((o) => o === 'no-key-403')).toBe(true);
      expect(direct.filter((o) => o === 'cognito')).toHaveLength(0);
    });

    test('without the API key requirement the direct path would evade the limit (why the key exists)', () => {
      const withoutKey = synth();
      (withoutKey.json.resource.aws_api_gateway_method.register_post as Json).api_key_required = undefined;
      const send = pipeline(withoutKey, 'k');
      const direct = Array.from({ length: 50 }, (_, i) =>
        send(register('203.0.113.9', { [CLIENT_IP_HEADER]: `192.0.2.${i}` }, false)),
      );
      expect(direct.every((o) => o === 'cognito')).toBe(true);
    });
  });
});
