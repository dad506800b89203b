/** The time, as a dependency: retention and expiry read it from here so tests can move it forward. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
