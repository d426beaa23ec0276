// The forms people paste temporary credentials in. Pure: the values are never stored.

export interface CredentialValues {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  profileName: string;
}

export type CredentialFormat = "bash" | "powershell" | "credentials-file" | "credential-process";

export const CREDENTIAL_FORMAT_LABELS: Record<CredentialFormat, string> = {
  bash: "bash / zsh",
  powershell: "PowerShell",
  "credentials-file": "~/.aws/credentials",
  "credential-process": "credential_process JSON",
};

export function formatCredentials(format: CredentialFormat, c: CredentialValues): string {
  switch (format) {
    case "bash":
      return [
        `export AWS_ACCESS_KEY_ID=${c.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`,
        `export AWS_SESSION_TOKEN=${c.sessionToken}`,
      ].join("\n");
    case "powershell":
      return [
        `$Env:AWS_ACCESS_KEY_ID="${c.accessKeyId}"`,
        `$Env:AWS_SECRET_ACCESS_KEY="${c.secretAccessKey}"`,
        `$Env:AWS_SESSION_TOKEN="${c.sessionToken}"`,
      ].join("\n");
    case "credentials-file":
      return [
        `[${c.profileName}]`,
        `aws_access_key_id = ${c.accessKeyId}`,
        `aws_secret_access_key = ${c.secretAccessKey}`,
        `aws_session_token = ${c.sessionToken}`,
      ].join("\n");
    case "credential-process":
      return JSON.stringify(
        {
          Version: 1,
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          SessionToken: c.sessionToken,
          Expiration: c.expiration,
        },
        null,
        2,
      );
  }
}
