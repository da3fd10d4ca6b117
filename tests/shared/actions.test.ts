import { validateAction, actionTarget } from '../../src/shared/actions';

describe('validateAction', () => {
  it('accepts a comment and keeps its body as written', () => {
    const r = validateAction({ type: 'comment', itemId: '7', body: '<b>hi</b>' });
    expect(r).toEqual({ ok: true, action: { type: 'comment', itemId: '7', body: '<b>hi</b>' } });
  });
  it('rejects an unknown type with a message naming it', () => {
    const r = validateAction({ type: 'explode' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('explode');
  });
  it('rejects a like without an item', () => {
    expect(validateAction({ type: 'like' }).ok).toBe(false);
  });
  it('puts mark-all-read on its own ordering lane', () => {
    expect(actionTarget({ type: 'mark_all_read' })).toBe('*');
    expect(actionTarget({ type: 'like', itemId: 'a' })).toBe('a');
  });
});

describe('run_action’s confirmation digest', () => {
  it('travels only as 64 lower-case hex digits (a stored outbox entry keeps it)', () => {
    const d = 'ab'.repeat(32);
    expect(validateAction({ type: 'run_action', itemId: 'a', index: 0, confirmed: d })).toEqual({ ok: true, action: { type: 'run_action', itemId: 'a', index: 0, confirmed: d } });
    for (const confirmed of ['', 'AB'.repeat(32), 'ab'.repeat(31), 'zz'.repeat(32), 42, null]) {
      expect(validateAction({ type: 'run_action', itemId: 'a', index: 0, confirmed }).ok).toBe(false);
    }
  });
});
