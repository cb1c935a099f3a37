-- Prerequisite 020: public.organization, exactly as seed 000 step 1 (FK target of migration 0024).
-- Idempotent (CREATE TABLE IF NOT EXISTS). The caller wraps this file in one transaction.
CREATE TABLE IF NOT EXISTS public.organization (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(255) UNIQUE NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
