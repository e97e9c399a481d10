import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely'
import { CHANGE_CHANNEL, CHANGED_ALL } from './change-feed.js'

/**
 * The store's migrations, in code so a bundle carries them (no files read at run time).
 * Forward only: never edit or remove one that has shipped; add the next (`0002_…`).
 * Names sort in application order.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`CREATE TABLE deployments (
          id text PRIMARY KEY,
          seq bigint GENERATED ALWAYS AS IDENTITY,
          source text NOT NULL,
          package_name text NOT NULL,
          display_name text NOT NULL,
          runtime text NOT NULL CHECK (runtime IN ('local', 'fly')),
          status text NOT NULL
            CHECK (status IN ('deploying', 'running', 'unhealthy', 'stopped', 'failed')),
          status_reason text,
          retry_allowed boolean NOT NULL DEFAULT false,
          config jsonb NOT NULL,
          runtime_ref jsonb,
          endpoint_url text,
          tools jsonb NOT NULL DEFAULT '[]'::jsonb,
          health_failures integer NOT NULL DEFAULT 0,
          last_health_at timestamptz,
          next_check_at timestamptz,
          cost_estimate jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          version integer NOT NULL DEFAULT 1
        )`,
        sql`CREATE INDEX deployments_newest_idx ON deployments (created_at DESC, seq DESC)`,
        // Only probed statuses: the health claim's subquery reads this index.
        sql`CREATE INDEX deployments_due_idx ON deployments (next_check_at NULLS FIRST)
          WHERE status IN ('running', 'unhealthy')`,
        sql`CREATE TABLE credentials (
          deployment_id text NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
          name text NOT NULL,
          ciphertext text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (deployment_id, name)
        )`,
        // Events go with their deployment (DESIGN.md §3: after a delete they live on in logs).
        sql`CREATE TABLE deployment_events (
          id bigserial PRIMARY KEY,
          deployment_id text NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
          at timestamptz NOT NULL DEFAULT now(),
          from_status text,
          to_status text,
          reason text NOT NULL,
          details jsonb NOT NULL DEFAULT '{}'::jsonb
        )`,
        sql`CREATE INDEX deployment_events_deployment_idx ON deployment_events (deployment_id, id)`,
        sql`CREATE TABLE analyses (
          id text PRIMARY KEY,
          source text NOT NULL,
          cache_key text NOT NULL,
          status text NOT NULL CHECK (status IN ('analyzing', 'complete', 'partial', 'failed')),
          config jsonb,
          evidence jsonb,
          warnings jsonb,
          error jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        sql`CREATE TABLE analysis_cache (
          cache_key text PRIMARY KEY,
          analysis_id text NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
          expires_at timestamptz NOT NULL
        )`,
        sql`CREATE INDEX analysis_cache_expires_at_idx ON analysis_cache (expires_at)`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
  // Change notices (change-feed.ts): every committed change a caller could see — a new, deleted
  // or re-versioned deployment row, a new event — notifies its id, so caches in every replica
  // can drop it. Claiming a health check moves only `next_check_at` and stays silent.
  '0002_change_notices': {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`CREATE FUNCTION mcp_remote_notify_deployment() RETURNS trigger
          LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'DELETE' THEN
              PERFORM pg_notify(${sql.lit(CHANGE_CHANNEL)}, OLD.id);
            ELSE
              PERFORM pg_notify(${sql.lit(CHANGE_CHANNEL)}, NEW.id);
            END IF;
            RETURN NULL;
          END $$`,
        sql`CREATE TRIGGER deployments_notify_insert_delete
          AFTER INSERT OR DELETE ON deployments
          FOR EACH ROW EXECUTE FUNCTION mcp_remote_notify_deployment()`,
        sql`CREATE TRIGGER deployments_notify_update
          AFTER UPDATE ON deployments
          FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
          EXECUTE FUNCTION mcp_remote_notify_deployment()`,
        sql`CREATE FUNCTION mcp_remote_notify_event() RETURNS trigger
          LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM pg_notify(${sql.lit(CHANGE_CHANNEL)}, NEW.deployment_id);
            RETURN NULL;
          END $$`,
        sql`CREATE TRIGGER deployment_events_notify_insert
          AFTER INSERT ON deployment_events
          FOR EACH ROW EXECUTE FUNCTION mcp_remote_notify_event()`,
        // TRUNCATE fires no row trigger: it announces that everything changed.
        sql`CREATE FUNCTION mcp_remote_notify_all() RETURNS trigger
          LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM pg_notify(${sql.lit(CHANGE_CHANNEL)}, ${sql.lit(CHANGED_ALL)});
            RETURN NULL;
          END $$`,
        sql`CREATE TRIGGER deployments_notify_truncate
          AFTER TRUNCATE ON deployments
          FOR EACH STATEMENT EXECUTE FUNCTION mcp_remote_notify_all()`,
        sql`CREATE TRIGGER deployment_events_notify_truncate
          AFTER TRUNCATE ON deployment_events
          FOR EACH STATEMENT EXECUTE FUNCTION mcp_remote_notify_all()`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
  // Deploy leases (deployer.ts): the instance deploying a `deploying` row holds a lease it
  // renews; a replica that starts, or whose health tick finds an expired lease, takes the
  // deploy up. Leases move neither `version` nor `updated_at`, so they notify nothing.
  '0003_deploy_leases': {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE deployments
        ADD COLUMN deploy_owner text,
        ADD COLUMN deploy_lease_until timestamptz`.execute(db)
      await sql`CREATE INDEX deployments_deploying_idx ON deployments (created_at)
        WHERE status = 'deploying'`.execute(db)
    },
  },
  '0004_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE deployments
        ADD COLUMN idempotency_key text,
        ADD COLUMN request_fingerprint text`.execute(db)
      await sql`CREATE UNIQUE INDEX deployments_idempotency_key_idx ON deployments (idempotency_key)
        WHERE idempotency_key IS NOT NULL`.execute(db)
    },
  },
}

/** Serves {@link MIGRATIONS} to kysely's `Migrator`. */
export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>> = MIGRATIONS) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations }
  }
}
