import { describe, expect, it } from 'vitest';
import { canonicalInventory } from '../../lib/core/canonical-inventory';
import { inventory, user } from './builders';

const policy = (name: string) => ({ policyArn: `arn:aws:iam::aws:policy/${name}`, policyName: name });

describe('canonicalInventory', () => {
  it('orders a user’s lists in a copy and leaves the input as given when they are out of order', () => {
    const u = user('b', { groups: ['z', 'a'], attachedPolicies: [policy('Z'), policy('A')] });
    const out = canonicalInventory(inventory({ users: [u, user('a')] }));
    expect(out.users.map((x) => x.name)).toEqual(['a', 'b']);
    expect(out.users[1]).toEqual({ ...u, groups: ['a', 'z'], attachedPolicies: [policy('A'), policy('Z')] });
    expect(Object.keys(out.users[1]!)).toEqual(Object.keys(u));
    expect(u.groups).toEqual(['z', 'a']);
  });

  it('keeps the record itself when its lists are already in order', () => {
    const u = user('a', { groups: ['a', 'z'], attachedPolicies: [policy('A'), policy('Z')] });
    expect(canonicalInventory(inventory({ users: [u] })).users[0]).toBe(u);
  });
});
