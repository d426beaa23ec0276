// The extra OIDC authorization parameters a sign-in may carry: only those the re-authentication
// page sends (prompt=login, max_age, the configured step-up acr_values) and a short login_hint.
import { settingList } from "./sign-in-claims";

export function authorizationParamsAllowed(key: string, value: string, env: { OIDC_STEP_UP_ACR_VALUES: string }): boolean {
  switch (key) {
    case "prompt":
      return value === "login";
    case "max_age":
      return /^\d{1,6}$/.test(value);
    case "acr_values": {
      const allowed = settingList(env.OIDC_STEP_UP_ACR_VALUES);
      const asked = settingList(value);
      return asked.length > 0 && asked.every((v) => allowed.includes(v));
    }
    case "login_hint":
      return value.length <= 256 && !/[\u0000-\u001f]/.test(value);
    default:
      return false;
  }
}
