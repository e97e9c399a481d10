import { describe, expect, it } from 'vitest'
import { ChangeHub } from '../store/change-feed.js'
import { ViewCache } from './view-cache.js'

function cache(maxEntries?: number) {
  const hub = new ChangeHub(true)
  return { hub, views: new ViewCache<{ v: number }>(hub, maxEntries) }
}

describe('ViewCache', () => {
  it('keeps a filled value and serves it until the deployment changes', () => {
    const { hub, views } = cache()
    const value = { v: 1 }
    views.fill(views.begin('dep_a'), value)
    expect(views.get('dep_a')).toBe(value)
    hub.emit('dep_b')
    expect(views.get('dep_a')).toBe(value)
    hub.emit('dep_a')
    expect(views.get('dep_a')).toBeUndefined()
  })

  it('never keeps a value read while its deployment changed', () => {
    const { hub, views } = cache()
    const fill = views.begin('dep_a')
    const other = views.begin('dep_a')
    hub.emit('dep_a')
    views.fill(fill, { v: 1 })
    views.fill(other, { v: 1 })
    expect(views.get('dep_a')).toBeUndefined()
    // A read that starts after the change is kept.
    views.fill(views.begin('dep_a'), { v: 2 })
    expect(views.get('dep_a')).toEqual({ v: 2 })
  })

  it('forgets everything on a reset, and keeps nothing read across one', () => {
    const { hub, views } = cache()
    views.fill(views.begin('dep_a'), { v: 1 })
    const during = views.begin('dep_b')
    hub.emit('*')
    expect(views.get('dep_a')).toBeUndefined()
    views.fill(during, { v: 1 })
    expect(views.get('dep_b')).toBeUndefined()
  })

  it('serves and keeps nothing while the feed is not live, nor what was read before it came back', () => {
    const { hub, views } = cache()
    views.fill(views.begin('dep_a'), { v: 1 })
    hub.setLive(false)
    expect(views.get('dep_a')).toBeUndefined()
    const whileDown = views.begin('dep_a')
    views.fill(views.begin('dep_b'), { v: 1 })
    expect(views.size).toBe(0)
    hub.setLive(true)
    views.fill(whileDown, { v: 1 })
    expect(views.get('dep_a')).toBeUndefined()
    views.fill(views.begin('dep_a'), { v: 2 })
    expect(views.get('dep_a')).toEqual({ v: 2 })
  })

  it('drops the oldest entry beyond its capacity, and keeps nothing of an abandoned read', () => {
    const { views } = cache(2)
    for (const id of ['dep_a', 'dep_b', 'dep_c']) views.fill(views.begin(id), { v: 1 })
    expect(views.get('dep_a')).toBeUndefined()
    expect(views.size).toBe(2)
    views.abandon(views.begin('dep_d'))
    expect(views.get('dep_d')).toBeUndefined()
    expect(views.size).toBe(2)
  })

  it('keeps and serves nothing once closed', () => {
    const { views } = cache()
    views.fill(views.begin('dep_a'), { v: 1 })
    views.close()
    expect(views.get('dep_a')).toBeUndefined()
    views.fill(views.begin('dep_a'), { v: 1 })
    expect(views.size).toBe(0)
  })
})
