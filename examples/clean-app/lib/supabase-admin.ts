import "server-only";
import { createClient } from "@supabase/supabase-js";

// Server-side only: the service role bypasses RLS.
export const supabaseAdmin = createClient(
  process.env.NEXT_PUBLIC_SUPABASE_URL!,
  process.env.SUPABASE_SERVICE_ROLE_KEY!
);
