-- Prerequisite 040: auth.users_extended (user -> organization mapping), exactly as seed 000 step 2,
-- plus idx_auth_users_org from seed 001 and SELECT for `authenticated` (the RLS policies read it).
-- Idempotent. The caller wraps this file in one transaction.
CREATE TABLE IF NOT EXISTS auth.users_extended (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL REFERENCES public.organization(id) ON DELETE CASCADE,
    email VARCHAR(255) UNIQUE NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE INDEX IF NOT EXISTS idx_auth_users_org ON auth.users_extended(org_id);

GRANT SELECT ON auth.users_extended TO authenticated;
