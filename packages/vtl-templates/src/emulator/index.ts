// The API Gateway runtime of the templates for tests and the local dev server (velocityjs + $input/$util/$context, the
// registration pipeline). Not loaded by the package root; needs velocityjs and ajv-draft-04.
export * from './api-gateway';
export * from './gateway-response';
export { escapeJavaScript } from './commons-escape';
export { evaluateJsonPath } from './jsonpath';
export * from './cognito-input';
export * from './registration';
