// Test-time API Gateway mapping-template runtime (velocityjs + $input/$util/$context). Not loaded by the package root.
export * from './api-gateway';
export * from './gateway-response';
export { escapeJavaScript } from './commons-escape';
export { evaluateJsonPath } from './jsonpath';
