import { sql, type Kysely } from 'kysely';

/**
 * Staff at the gate get their own role (they scan tickets, and nothing else), and every staff
 * action is kept: who did what to which sale or show, when, with what.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_role_check,
      ADD CONSTRAINT staff_accounts_role_check CHECK (role IN ('agent', 'manager', 'admin', 'gate'))
  `.execute(db);
  await sql`
    CREATE TABLE staff_audit (
      id bigserial PRIMARY KEY,
      staff_id uuid NOT NULL REFERENCES staff_accounts (id),
      action text NOT NULL,
      subject text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX staff_audit_subject_at ON staff_audit (subject, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE staff_audit`.execute(db);
  await sql`
    ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_role_check,
      ADD CONSTRAINT staff_accounts_role_check CHECK (role IN ('agent', 'manager', 'admin'))
  `.execute(db);
}
