import type { Behaviour } from './behaviour';
import { humanFan } from './human-fan';

/**
 * Every behaviour the surge can give a fan, by name. A new behaviour (a bot, say) is a new file
 * implementing Behaviour and one line here; the surge's `--crowd` mix names them.
 */
const BEHAVIOURS: ReadonlyMap<string, Behaviour> = new Map([[humanFan.name, humanFan]]);

export function behaviourNamed(name: string): Behaviour {
  const behaviour = BEHAVIOURS.get(name);
  if (!behaviour)
    throw new Error(`no fan behaviour named "${name}" (known: ${[...BEHAVIOURS.keys()].join(', ')})`);
  return behaviour;
}

export function behaviourNames(): string[] {
  return [...BEHAVIOURS.keys()];
}
