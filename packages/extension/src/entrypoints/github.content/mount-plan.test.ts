import { describe, expect, it } from 'vitest'
import { type MountedState, planMount } from './mount-plan'

const mounted = (over: Partial<MountedState> = {}): MountedState => ({
  repoKey: 'o/r',
  placement: 'header',
  connected: true,
  inCurrentHeader: true,
  ...over,
})

describe('planMount', () => {
  it('mounts in the header on a repository page that has one', () => {
    expect(planMount(null, { repoKey: 'o/r', headerFound: true })).toEqual({
      action: 'mount',
      placement: 'header',
    })
  })

  it('mounts a floating button when GitHub’s header markup is missing', () => {
    expect(planMount(null, { repoKey: 'o/r', headerFound: false })).toEqual({
      action: 'mount',
      placement: 'floating',
    })
  })

  it('keeps the button that is still in the current header of the same repository', () => {
    expect(planMount(mounted(), { repoKey: 'o/r', headerFound: true })).toEqual({ action: 'keep' })
  })

  it('remounts when GitHub replaced the header and ours went with it', () => {
    expect(planMount(mounted({ connected: false }), { repoKey: 'o/r', headerFound: true })).toEqual(
      {
        action: 'mount',
        placement: 'header',
      },
    )
    expect(
      planMount(mounted({ inCurrentHeader: false }), { repoKey: 'o/r', headerFound: true }),
    ).toEqual({
      action: 'mount',
      placement: 'header',
    })
  })

  it('remounts for another repository', () => {
    expect(planMount(mounted(), { repoKey: 'o/other', headerFound: true }).action).toBe('mount')
  })

  it('moves a floating button into the header once the header appears', () => {
    const floating = mounted({ placement: 'floating', inCurrentHeader: false })
    expect(planMount(floating, { repoKey: 'o/r', headerFound: true })).toEqual({
      action: 'mount',
      placement: 'header',
    })
    expect(planMount(floating, { repoKey: 'o/r', headerFound: false })).toEqual({ action: 'keep' })
  })

  it('removes the button on pages that are not a repository, and does nothing when there is none', () => {
    expect(planMount(mounted(), { repoKey: null, headerFound: false })).toEqual({
      action: 'remove',
    })
    expect(planMount(null, { repoKey: null, headerFound: false })).toEqual({ action: 'keep' })
  })
})
