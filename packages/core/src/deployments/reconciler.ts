import type { PlatformLogger, ReconcileReport } from '../platform/platform.js'
import type { Runtime, RuntimeName, RuntimeRef } from '../runtime/runtime.js'
import type { Store } from '../store/store.js'
import type { Deployer } from './deployer.js'
import { failureReason } from './failure-reason.js'

/**
 * Brings the store and the runtimes back in line after a crash (DESIGN.md §3): resumes
 * deployments left in `deploying` that nobody is deploying (no live lease; deploy is
 * idempotent, so nothing is created twice),
 * redeploys `running`/`unhealthy` ones whose resource is gone, stops resources of `stopped`
 * or `failed` ones, and destroys resources that have no row.
 */
export async function reconcile(
  store: Store,
  runtimes: ReadonlyMap<RuntimeName, Runtime>,
  deployer: Deployer,
  logger: PlatformLogger,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    resumed: [],
    failed: [],
    restarted: [],
    orphansDestroyed: 0,
    unlistedRuntimes: [],
  }
  const deployments = await store.deployments.list({ limit: 1_000_000 })
  const byId = new Map(deployments.map((d) => [d.id, d]))
  const live = new Set<string>()
  // A runtime that cannot be listed (Fly's API down) is skipped, not fatal: the platform and its
  // other runtimes still start. Its deployments are not redeployed blind (they may well run):
  // the health loop judges them, and the next start reconciles the runtime again.
  const unlisted = new Set<RuntimeName>()
  for (const runtime of runtimes.values()) {
    let refs: RuntimeRef[]
    try {
      refs = await runtime.list()
    } catch (err) {
      unlisted.add(runtime.name)
      logger.warn(
        { runtime: runtime.name, err: failureReason(err).reason },
        'runtime not reconciled: it could not be listed',
      )
      continue
    }
    for (const ref of refs) {
      // A Fly app whose machine is not created yet names no deployment: it may be another
      // replica's deploy in progress, so it is left alone (its deploy or delete finishes it).
      if (ref.deploymentId === '') continue
      try {
        // A row created after the listing above (another replica's deploy) is no orphan: look
        // again before destroying anything.
        const dep = byId.get(ref.deploymentId) ?? (await store.deployments.get(ref.deploymentId))
        if (!dep || dep.runtime !== runtime.name) {
          await runtime.destroy(ref)
          report.orphansDestroyed++
          logger.warn({ deploymentId: ref.deploymentId, runtime: runtime.name }, 'orphan destroyed')
        } else if (dep.status === 'stopped' || dep.status === 'failed') {
          await runtime.stop(ref)
        } else {
          live.add(dep.id)
        }
      } catch (err) {
        // One resource that cannot be ended is no reason to leave the rest: it is left as found.
        live.add(ref.deploymentId)
        logger.warn(
          { deploymentId: ref.deploymentId, runtime: runtime.name, err: failureReason(err).reason },
          'runtime resource not reconciled',
        )
      }
    }
  }
  report.unlistedRuntimes = [...unlisted]
  // Deploys this instance was running when it stopped, and any whose replica died (its lease
  // expired); deploys another live replica is running keep their lease and are left alone.
  report.resumed.push(...(await deployer.resumeStale({ includeOwn: true })))
  for (const dep of deployments) {
    if (!runtimes.has(dep.runtime) || unlisted.has(dep.runtime)) continue
    if ((dep.status === 'running' || dep.status === 'unhealthy') && !live.has(dep.id)) {
      try {
        await deployer.restart(dep.id)
        report.restarted.push(dep.id)
      } catch {
        report.failed.push(dep.id)
      }
    }
  }
  if (report.resumed.length + report.restarted.length + report.orphansDestroyed > 0) {
    logger.info({ ...report }, 'reconciled')
  }
  return report
}
