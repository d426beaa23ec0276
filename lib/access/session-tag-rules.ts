// AWS's documented rules for session tags (STS `Tag`, IAM tagging rules; shared AWS reference §1.1):
// a key is 1–128 and a value 0–256 Unicode characters of letters, digits, spaces and _.:/=+-@, at
// most 50 tags, keys unique ignoring case, and the `aws:` prefix (in any letter case) is reserved
// for AWS. STS's own API pattern does not spell out the prefix for values; AWS's tagging rules
// reserve it for keys and values alike, so Frontdesk never sends a value that starts with it.

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED_PREFIX = /^aws:/i;

/** Unicode characters, as AWS counts them (not UTF-16 units). */
const length = (text: string) => [...text].length;

/** Why AWS would refuse this tag value, in words for a person; null when it may be sent. */
export function tagValueProblem(value: string): string | null {
  if (length(value) > 256) return "is longer than the 256 characters AWS allows in a session tag";
  if (!TAG_CHARS.test(value)) return "contains characters AWS does not allow in a session tag (only letters, digits, spaces and _.:/=+-@)";
  if (RESERVED_PREFIX.test(value)) return 'begins with "aws:", which AWS reserves for its own tags';
  return null;
}

/** Why AWS would refuse this tag key; null when it may be sent. */
export function tagKeyProblem(key: string): string | null {
  if (length(key) < 1 || length(key) > 128) return "must be 1–128 characters";
  if (!TAG_CHARS.test(key)) return "may only contain letters, digits, spaces and _.:/=+-@";
  if (RESERVED_PREFIX.test(key)) return 'may not begin with "aws:", which AWS reserves for its own tags';
  return null;
}

/**
 * A claim value as Frontdesk sends it: characters AWS never accepts become "-" and the value is cut
 * to 256 characters (as before). What is left may still break AWS's rules (the reserved prefix):
 * `problem` says how, and the role's catalog entry decides whether the tag is dropped or the
 * issuance refused.
 */
export function claimTagValue(raw: string): { value: string; problem: string | null } {
  const value = [...raw.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu, "-")].slice(0, 256).join("");
  return { value, problem: tagValueProblem(value) };
}
