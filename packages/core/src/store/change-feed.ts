/** Receives notice of committed changes to deployments. */
export interface ChangeListener {
  /** `deploymentId`'s row or its events changed, or the deployment was deleted. */
  changed(deploymentId: string): void
  /**
   * Notices may have been missed (the notification connection dropped, or came back): forget
   * everything derived from the store.
   */
  reset(): void
}

/**
 * Change notices for deployments: from this process' own writes at once, and on PostgreSQL
 * from every process on the same database (`LISTEN`/`NOTIFY`, fired by triggers, so even raw
 * SQL writes are seen). What a read-through cache needs to stay correct across replicas.
 */
export interface ChangeFeed {
  /**
   * True while notices are known to be complete. A cache may keep and serve entries only
   * while live; each change of `live` is also announced as a `reset()`.
   */
  readonly live: boolean
  /** Adds a listener; returns its removal. */
  subscribe(listener: ChangeListener): () => void
}

/** The channel the store's triggers notify, with the deployment id as payload. */
export const CHANGE_CHANNEL = 'mcp_remote_deployments'

/** The payload that means "everything changed" (a `TRUNCATE`). */
export const CHANGED_ALL = '*'

/** A {@link ChangeFeed} that the store feeds: its own writes, notifications, connection state. */
export class ChangeHub implements ChangeFeed {
  #live: boolean
  readonly #listeners = new Set<ChangeListener>()

  constructor(live = true) {
    this.#live = live
  }

  get live(): boolean {
    return this.#live
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Announces a change of `deploymentId` ({@link CHANGED_ALL}: of everything). */
  emit(deploymentId: string): void {
    if (deploymentId === CHANGED_ALL) {
      for (const listener of this.#listeners) listener.reset()
      return
    }
    for (const listener of this.#listeners) listener.changed(deploymentId)
  }

  /** Sets whether notices are complete; every call is announced as a reset. */
  setLive(live: boolean): void {
    this.#live = live
    for (const listener of this.#listeners) listener.reset()
  }
}
