import { type Kysely, sql } from 'kysely'
import { NotFoundError } from '../errors/index.js'
import type { AnalysisRecord } from './records.js'
import type { Database } from './schema.js'
import { isForeignKeyViolation, nullableJsonb } from './sql-values.js'
import type { AnalysisRepository } from './store.js'

type AnalysisPatch = Partial<
  Pick<AnalysisRecord, 'status' | 'config' | 'evidence' | 'warnings' | 'error'>
>

/** {@link AnalysisRepository} over kysely: `analyses` plus the `analysis_cache` index of them. */
export class SqlAnalysisRepository implements AnalysisRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Omit<AnalysisRecord, 'created_at' | 'updated_at'>): Promise<AnalysisRecord> {
    return this.db
      .insertInto('analyses')
      .values({
        id: row.id,
        source: row.source,
        cache_key: row.cache_key,
        status: row.status,
        config: nullableJsonb(row.config),
        evidence: nullableJsonb(row.evidence),
        warnings: nullableJsonb(row.warnings),
        error: nullableJsonb(row.error),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  async get(id: string): Promise<AnalysisRecord | undefined> {
    return this.db.selectFrom('analyses').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async update(id: string, patch: AnalysisPatch): Promise<AnalysisRecord> {
    const json = (['config', 'evidence', 'warnings', 'error'] as const).filter(
      (key) => patch[key] !== undefined,
    )
    const row = await this.db
      .updateTable('analyses')
      .set({
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...Object.fromEntries(json.map((key) => [key, nullableJsonb(patch[key])])),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new NotFoundError('analysis', id)
    return row
  }

  async getCached(cacheKey: string, now: Date): Promise<AnalysisRecord | undefined> {
    return this.db
      .selectFrom('analysis_cache')
      .innerJoin('analyses', 'analyses.id', 'analysis_cache.analysis_id')
      .selectAll('analyses')
      .where('analysis_cache.cache_key', '=', cacheKey)
      .where('analysis_cache.expires_at', '>', now)
      .executeTakeFirst()
  }

  async putCache(cacheKey: string, analysisId: string, expiresAt: Date): Promise<void> {
    try {
      await this.db
        .insertInto('analysis_cache')
        .values({ cache_key: cacheKey, analysis_id: analysisId, expires_at: expiresAt })
        .onConflict((oc) =>
          oc.column('cache_key').doUpdateSet((eb) => ({
            analysis_id: eb.ref('excluded.analysis_id'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute()
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new NotFoundError('analysis', analysisId)
      throw err
    }
  }
}
