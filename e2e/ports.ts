// Fixed loopback ports for the e2e stack, apart from the demo's (3000, 4010–4030).
export const E2E_APP_PORT = 3210;
export const E2E_IDP_PORT = 3211;
export const E2E_MOTO_PORT = 3212;
export const E2E_FEDERATION_PORT = 3213;
export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_MOTO_URL = `http://127.0.0.1:${E2E_MOTO_PORT}`;
export const E2E_FEDERATION_URL = `http://127.0.0.1:${E2E_FEDERATION_PORT}/federation`;
