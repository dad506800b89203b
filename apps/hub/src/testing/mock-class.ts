import { Clock } from '../common/clock';

/**
 * Every method of a class (its prototype chain up to Object) as a jest.fn, Immich-style: a service spec builds
 * its repositories with this and states only the answers that matter to the case. Only for specs.
 */
export function mockClass<T extends object>(type: abstract new (...args: never[]) => T): jest.Mocked<T> {
  const mock: Record<string, jest.Mock> = {};
  for (
    let proto: object | null = type.prototype as object;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function' && !(name in mock)) mock[name] = jest.fn();
    }
  }
  return mock as unknown as jest.Mocked<T>;
}

/** A clock that says what the spec tells it. */
export class FixedClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return this.current;
  }
}
