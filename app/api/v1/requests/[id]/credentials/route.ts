import { apiV1 } from "@/lib/http/api-v1";

export const { POST } = apiV1;
