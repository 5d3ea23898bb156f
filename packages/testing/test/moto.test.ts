import { describeWithEngines, MOTO_SERVER, startMoto } from '../src';

describeWithEngines('startMoto', [MOTO_SERVER], () => {
  it('binds the port moto picks itself and reads it from the banner', async () => {
    const [a, b] = await Promise.all([startMoto(), startMoto()]);
    try {
      expect(a.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.endpoint).not.toBe(b.endpoint);
      const r = await fetch(`${a.endpoint}/moto-api/`);
      expect(r.status).toBeLessThan(500);
      expect(a.env).toMatchObject({ AWS_ENDPOINT_URL: a.endpoint, AWS_ACCESS_KEY_ID: 'testing' });
      await a.api('/moto-api/reset', {});
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await expect(fetch(`${a.endpoint}/moto-api/`)).rejects.toBeDefined();
  }, 60_000);
});
