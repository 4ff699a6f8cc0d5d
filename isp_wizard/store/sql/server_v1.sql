-- isp-wizard partnership register, server schema version 1.
--
-- Run by `isp-wizard server init` as the database's owner (or a superuser), inside one
-- transaction. Every statement may run again: the file is idempotent. A later version adds a
-- server_v2.sql holding only what changes, applied in place after this one.
--
-- Roles (cluster-wide, NOLOGIN group roles; people log in with their own roles granted one):
--   isp_practitioner  files records: INSERT and SELECT only, and sees only its own organisation's
--                     entries and PDFs (row-level security);
--   isp_auditor       the partnership's IG lead or auditor: SELECT on everything, for verifying
--                     the register and the monitoring report; files nothing.
-- isp.members maps each login role to its organisation.

CREATE SCHEMA IF NOT EXISTS isp;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isp_practitioner') THEN
        CREATE ROLE isp_practitioner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isp_auditor') THEN
        CREATE ROLE isp_auditor NOLOGIN;
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS isp.meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO isp.meta (key, value) VALUES
    ('register_id', gen_random_uuid()::text),
    ('created_utc', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
ON CONFLICT (key) DO NOTHING;

CREATE TABLE IF NOT EXISTS isp.members (
    role_name text PRIMARY KEY,
    organisation text NOT NULL CHECK (organisation <> '')
);

-- The chain head: one row, moved forward by the insert trigger under its row lock.
CREATE TABLE IF NOT EXISTS isp.head (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    count bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO isp.head (only_row, count, hash) VALUES (true, 0, repeat('0', 64))
ON CONFLICT (only_row) DO NOTHING;

CREATE TABLE IF NOT EXISTS isp.entries (
    seq bigint PRIMARY KEY,
    record_id text NOT NULL,
    created_utc text NOT NULL,
    tree_id text NOT NULL,
    tree_version text NOT NULL,
    tree_sha256 text NOT NULL,
    decision text NOT NULL,
    case_reference text NOT NULL DEFAULT '',
    practitioner text NOT NULL DEFAULT '',
    review_date text NOT NULL DEFAULT '',
    training boolean NOT NULL DEFAULT false CHECK (NOT training),
    pdf_path text NOT NULL,
    pdf_sha256 text NOT NULL,
    prev_hash text NOT NULL,
    entry_hash text NOT NULL,
    source text NOT NULL DEFAULT '',
    kind text NOT NULL DEFAULT '',
    prev_pdf_sha256 text NOT NULL DEFAULT '',
    -- kept by the server, outside the hash: whose it is, who sent it, from which laptop entry
    organisation text NOT NULL,
    filed_by text NOT NULL,
    received_utc timestamptz NOT NULL DEFAULT now(),
    origin text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_record ON isp.entries (record_id) WHERE kind = '';
CREATE UNIQUE INDEX IF NOT EXISTS entries_origin ON isp.entries (origin) WHERE origin <> '';
CREATE INDEX IF NOT EXISTS entries_history ON isp.entries (record_id, seq);
CREATE INDEX IF NOT EXISTS entries_organisation ON isp.entries (organisation, seq);
CREATE INDEX IF NOT EXISTS entries_review_date ON isp.entries (review_date) WHERE review_date <> '';

CREATE TABLE IF NOT EXISTS isp.pdfs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea NOT NULL,
    organisation text NOT NULL,
    received_utc timestamptz NOT NULL DEFAULT now(),
    CHECK (encode(sha256(content), 'hex') = sha256)
);
ALTER TABLE isp.pdfs ALTER COLUMN content SET STORAGE EXTERNAL;  -- PDFs are compressed already

-- The organisation of the role that is logged in (NULL when it is no member).
CREATE OR REPLACE FUNCTION isp.my_organisation() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT organisation FROM isp.members WHERE role_name = session_user $$;

-- Taken first in every append's transaction: waits for the other writers, then returns the
-- head the new entry chains after. The row lock is held until the transaction ends.
CREATE OR REPLACE FUNCTION isp.lock_head(OUT count bigint, OUT hash text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT count, hash FROM isp.head WHERE only_row FOR UPDATE $$;

-- Every insert: the entry must chain after the head (taken under its lock), gets the next
-- number, the organisation and login of who filed it, and moves the head on.
CREATE OR REPLACE FUNCTION isp.chain_entry() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    current isp.head;
BEGIN
    SELECT * INTO current FROM isp.head WHERE only_row FOR UPDATE;
    IF NEW.prev_hash IS DISTINCT FROM current.hash THEN
        RAISE EXCEPTION 'the entry for % does not chain after the register''s head', NEW.record_id
            USING ERRCODE = 'serialization_failure';
    END IF;
    NEW.organisation := isp.my_organisation();
    IF NEW.organisation IS NULL THEN
        RAISE EXCEPTION 'role % is not a member of any organisation in this register', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.seq := current.count + 1;
    NEW.filed_by := session_user;
    NEW.received_utc := now();
    UPDATE isp.head SET count = NEW.seq, hash = NEW.entry_hash WHERE only_row;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION isp.file_pdf() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.organisation := isp.my_organisation();
    IF NEW.organisation IS NULL THEN
        RAISE EXCEPTION 'role % is not a member of any organisation in this register', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.received_utc := now();
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION isp.refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'the register is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Whether the server's chain still extends a head a laptop saw: the hash of its n-th entry in
-- stored order, how many entries there are, and how many links are broken among them. Readable
-- by every member although row-level security hides other organisations' entries.
CREATE OR REPLACE FUNCTION isp.chain_check(n bigint, OUT hash_at_n text, OUT entries bigint,
                                           OUT links_broken bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    WITH ordered AS (
        SELECT row_number() OVER (ORDER BY seq) AS n, entry_hash, prev_hash,
               lag(entry_hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS before
        FROM isp.entries)
    SELECT (SELECT entry_hash FROM ordered WHERE ordered.n = chain_check.n),
           (SELECT count(*) FROM ordered),
           (SELECT count(*) FROM ordered WHERE prev_hash <> before)
$$;

DROP TRIGGER IF EXISTS chain_entry ON isp.entries;
CREATE TRIGGER chain_entry BEFORE INSERT ON isp.entries
    FOR EACH ROW EXECUTE FUNCTION isp.chain_entry();
DROP TRIGGER IF EXISTS file_pdf ON isp.pdfs;
CREATE TRIGGER file_pdf BEFORE INSERT ON isp.pdfs FOR EACH ROW EXECUTE FUNCTION isp.file_pdf();
DROP TRIGGER IF EXISTS append_only ON isp.entries;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON isp.entries
    FOR EACH ROW EXECUTE FUNCTION isp.refuse_change();
DROP TRIGGER IF EXISTS append_only_truncate ON isp.entries;
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON isp.entries
    FOR EACH STATEMENT EXECUTE FUNCTION isp.refuse_change();
DROP TRIGGER IF EXISTS append_only ON isp.pdfs;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON isp.pdfs
    FOR EACH ROW EXECUTE FUNCTION isp.refuse_change();
DROP TRIGGER IF EXISTS append_only_truncate ON isp.pdfs;
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON isp.pdfs
    FOR EACH STATEMENT EXECUTE FUNCTION isp.refuse_change();
DROP TRIGGER IF EXISTS append_only_truncate ON isp.head;
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON isp.head
    FOR EACH STATEMENT EXECUTE FUNCTION isp.refuse_change();

-- Row-level security: a practitioner sees its own organisation's rows; the auditor sees all.
ALTER TABLE isp.entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE isp.pdfs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_organisation ON isp.entries;
CREATE POLICY own_organisation ON isp.entries FOR SELECT TO isp_practitioner
    USING (organisation = isp.my_organisation());
DROP POLICY IF EXISTS file_own ON isp.entries;
CREATE POLICY file_own ON isp.entries FOR INSERT TO isp_practitioner
    WITH CHECK (organisation = isp.my_organisation());
DROP POLICY IF EXISTS audit_all ON isp.entries;
CREATE POLICY audit_all ON isp.entries FOR SELECT TO isp_auditor USING (true);
DROP POLICY IF EXISTS own_organisation ON isp.pdfs;
CREATE POLICY own_organisation ON isp.pdfs FOR SELECT TO isp_practitioner
    USING (organisation = isp.my_organisation());
DROP POLICY IF EXISTS file_own ON isp.pdfs;
CREATE POLICY file_own ON isp.pdfs FOR INSERT TO isp_practitioner
    WITH CHECK (organisation = isp.my_organisation());
DROP POLICY IF EXISTS audit_all ON isp.pdfs;
CREATE POLICY audit_all ON isp.pdfs FOR SELECT TO isp_auditor USING (true);

-- Privileges: INSERT and SELECT only, never UPDATE, DELETE or TRUNCATE.
REVOKE ALL ON SCHEMA isp FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA isp FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA isp FROM PUBLIC;
GRANT USAGE ON SCHEMA isp TO isp_practitioner, isp_auditor;
GRANT SELECT ON isp.meta, isp.head TO isp_practitioner, isp_auditor;
GRANT SELECT, INSERT ON isp.entries, isp.pdfs TO isp_practitioner;
GRANT SELECT ON isp.entries, isp.pdfs, isp.members TO isp_auditor;
GRANT EXECUTE ON FUNCTION isp.my_organisation(), isp.chain_check(bigint)
    TO isp_practitioner, isp_auditor;
GRANT EXECUTE ON FUNCTION isp.lock_head() TO isp_practitioner;
