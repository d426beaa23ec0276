// What a failed attempt leaves in Job.lastError, which people see on the request page. Only our
// own, written-for-people messages go there; anything else may carry internals (SQL, URLs with
// credentials), so it stays in the server log under the job's id.
import { AppError } from "@/lib/errors";

const MAX_LENGTH = 1000;

export function jobErrorText(error: unknown, jobId: string): string {
  if (error instanceof AppError) return error.userMessage.slice(0, MAX_LENGTH);
  return `Unexpected error; details are in the server log (job ${jobId}).`;
}
