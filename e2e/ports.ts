// Loopback ports for the e2e stack, apart from the demo's (3000, 4010–4030). E2E_PORT_BASE moves
// the whole block (default 3210), so two checkouts can run the suite side by side.
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);

export const E2E_APP_PORT = BASE;
export const E2E_IDP_PORT = BASE + 1;
export const E2E_MOTO_PORT = BASE + 2;
export const E2E_FEDERATION_PORT = BASE + 3;
export const E2E_IAM_GATE_PORT = BASE + 4;
export const E2E_SLACK_PORT = BASE + 5;
export const E2E_SAML_IDP_PORT = BASE + 6;
export const E2E_SMTP_PORT = BASE + 7;
/** The no-credentials app of e2e/federated.spec.ts (BASE + 8 is the outage spec's app). */
export const E2E_FEDERATED_APP_PORT = BASE + 9;
export const E2E_SAML_SIGNIN_PORT = BASE + 10;
export const E2E_STS_RECORDER_PORT = BASE + 11;
export const E2E_FEDERATED_APP_URL = `http://127.0.0.1:${E2E_FEDERATED_APP_PORT}`;
export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_MOTO_URL = `http://127.0.0.1:${E2E_MOTO_PORT}`;
export const E2E_FEDERATION_URL = `http://127.0.0.1:${E2E_FEDERATION_PORT}/federation`;

/** Sign-in attempts per client IP per minute in the e2e app: every spec signs in from 127.0.0.1. */
export const E2E_SIGNIN_LIMIT_PER_MINUTE = 200;
