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
    CONSTRAINT pdfs_check CHECK (encode(sha256(content), 'hex') = sha256)
);
ALTER TABLE isp.pdfs ALTER COLUMN content SET STORAGE EXTERNAL;  -- PDFs are compressed already

-- The organisation of the role that is logged in (NULL when it is no member).
CREATE OR REPLACE FUNCTION isp.my_organisation() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT organisation FROM isp.members WHERE role_name = session_user $$;

-- An entry's hash, exactly as isp_wizard.store.chain.entry_hash makes it: SHA-256 of the UTF-8
-- canonical JSON {"content": {...}, "prev": prev} with keys in code-point order, no spaces,
-- non-ASCII kept; review_date, source, kind and prev_pdf_sha256 only when not empty.
-- to_json() escapes text as Python's json.dumps(ensure_ascii=False) does.
CREATE OR REPLACE FUNCTION isp.entry_content(e isp.entries) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
BEGIN
    parts := ARRAY['"case_reference":' || to_json(e.case_reference)::text,
                   '"created_utc":' || to_json(e.created_utc)::text,
                   '"decision":' || to_json(e.decision)::text];
    IF e.kind <> '' THEN
        parts := parts || ('"kind":' || to_json(e.kind)::text);
    END IF;
    parts := parts || ('"pdf_path":' || to_json(e.pdf_path)::text)
                   || ('"pdf_sha256":' || to_json(e.pdf_sha256)::text)
                   || ('"practitioner":' || to_json(e.practitioner)::text);
    IF e.prev_pdf_sha256 <> '' THEN
        parts := parts || ('"prev_pdf_sha256":' || to_json(e.prev_pdf_sha256)::text);
    END IF;
    parts := parts || ('"record_id":' || to_json(e.record_id)::text);
    IF e.review_date <> '' THEN
        parts := parts || ('"review_date":' || to_json(e.review_date)::text);
    END IF;
    IF e.source <> '' THEN
        parts := parts || ('"source":' || to_json(e.source)::text);
    END IF;
    parts := parts || ('"training":' || CASE WHEN e.training THEN 'true' ELSE 'false' END)
                   || ('"tree_id":' || to_json(e.tree_id)::text)
                   || ('"tree_sha256":' || to_json(e.tree_sha256)::text)
                   || ('"tree_version":' || to_json(e.tree_version)::text);
    RETURN '{' || array_to_string(parts, ',') || '}';
END
$$;

CREATE OR REPLACE FUNCTION isp.hash_of(content text, prev text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT encode(sha256(convert_to('{"content":' || content || ',"prev":'
                                      || to_json(prev)::text || '}', 'UTF8')), 'hex') $$;

CREATE OR REPLACE FUNCTION isp.entry_hash(e isp.entries, prev text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT isp.hash_of(isp.entry_content(e), prev) $$;

-- Every insert: takes the chain head's row lock (held until the transaction ends, so writers
-- chain one after the other), checks an event against its record's current PDF, chains the
-- entry after the head, numbers it, records the organisation and login that filed it, and
-- moves the head on.
CREATE OR REPLACE FUNCTION isp.chain_entry() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    current isp.head;
    latest text;
    content text;
BEGIN
    NEW.organisation := isp.my_organisation();
    IF NEW.organisation IS NULL THEN
        RAISE EXCEPTION 'role % is not a member of any organisation in this register', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO current FROM isp.head WHERE only_row FOR UPDATE;
    IF NEW.kind <> '' THEN
        IF NOT EXISTS (SELECT 1 FROM isp.entries WHERE record_id = NEW.record_id AND kind = ''
                       AND organisation = NEW.organisation) THEN
            RAISE EXCEPTION 'record % is not in the register', NEW.record_id
                USING ERRCODE = 'IW001';
        END IF;
        SELECT pdf_sha256 INTO latest FROM isp.entries WHERE record_id = NEW.record_id
            ORDER BY seq DESC LIMIT 1;
        IF latest IS DISTINCT FROM NEW.prev_pdf_sha256 THEN
            RAISE EXCEPTION 'record %: the PDF changed since it was read', NEW.record_id
                USING ERRCODE = 'IW002';
        END IF;
    END IF;
    -- The app sends the hash its own rule makes for this content after an empty "prev": the
    -- server's rule must agree before anything is chained with it.
    content := isp.entry_content(NEW);
    IF NEW.entry_hash <> '' AND NEW.entry_hash <> isp.hash_of(content, '') THEN
        RAISE EXCEPTION 'the server would hash the entry for % differently from the app',
            NEW.record_id USING ERRCODE = 'IW003';
    END IF;
    NEW.seq := current.count + 1;
    NEW.prev_hash := current.hash;
    NEW.entry_hash := isp.hash_of(content, current.hash);
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
GRANT EXECUTE ON FUNCTION isp.my_organisation(), isp.chain_check(bigint),
    isp.entry_hash(isp.entries, text), isp.entry_content(isp.entries), isp.hash_of(text, text)
    TO isp_practitioner, isp_auditor;
