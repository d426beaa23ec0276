// Audit action names in words, for the audit page (the raw name stays beside it, for filters and
// exports). Pure. An action without an entry is still readable: "request.break-glass" becomes
// "Request: break glass".
const LABELS: Record<string, string> = {
  "request.created": "Request made",
  "request.create": "Request attempt",
  "request.approval-recorded": "Approval recorded",
  "request.approved": "Request approved",
  "request.auto-approved": "Approved automatically",
  "request.break-glass": "Break glass activated",
  "request.scheduled": "Access scheduled",
  "request.activated": "Access window opened",
  "request.denied": "Request denied",
  "request.decide": "Decision attempt",
  "request.cancelled": "Request cancelled",
  "request.cancel": "Cancel attempt",
  "request.expired": "Request expired",
  "request.ended": "Access ended",
  "request.end": "End attempt",
  "request.revoked": "Access revoked",
  "request.revoke": "Revoke attempt",
  "request.extended": "Access extended",
  "request.approvers-reminded": "Approvers reminded",
  "request.escalated": "Backup approvers asked",
  "request.nudged": "Approvers nudged",
  "request.nudge": "Nudge attempt",
  "review-task.completed": "Break-glass review completed",
  "review-task.complete": "Break-glass review attempt",
  "access.console-link-issued": "Console link issued",
  "access.credentials-issued": "Credentials issued",
  "access.console-link": "Console link attempt",
  "access.issue": "Access attempt",
  "access.issue-started": "Session asked of AWS",
  "access.issue-unconfirmed": "Session not confirmed by AWS",
  "revocation.requested": "Revocation at AWS requested",
  "revocation.applied": "Sessions denied at AWS",
  "revocation.removed": "Deny removed at AWS",
  "auth.signed-in": "Signed in",
  "auth.sign-in": "Sign-in attempt",
  "auth.sessions-ended": "Sessions ended",
  "auth.end-sessions": "End-sessions attempt",
  "audit.exported": "Audit exported",
  "audit.verified": "Audit chain verified",
  "audit.verify": "Audit verification attempt",
  "catalog.loaded": "Catalog loaded",
  "catalog.refused": "Catalog change refused",
  "catalog.roles-checked": "Catalog roles checked",
  "api-token.issued": "Terminal signed in",
  "api-token.refreshed": "Terminal session refreshed",
  "api-token.revoked": "Terminal signed out",
  "api-token.revoke": "Terminal sign-out attempt",
  "api-device.confirm": "Terminal sign-in confirmed",
  "api-device.loopback-code": "Terminal sign-in code issued",
  "user.updated": "Person updated",
};

const sentence = (text: string) => text.replaceAll("-", " ");

export function actionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const [area, ...rest] = action.split(".");
  if (!area || rest.length === 0) return sentence(action);
  return `${sentence(area).replace(/^./, (c) => c.toUpperCase())}: ${sentence(rest.join("."))}`;
}
