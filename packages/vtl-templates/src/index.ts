// The API Gateway mapping templates; see README.md. Filled in by issue 3.
export const TEMPLATES_DIR = 'templates';
