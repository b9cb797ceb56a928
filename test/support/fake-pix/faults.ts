import type { PixFault, PixRoute } from './types';

interface Rule {
  fault: PixFault;
  remaining: number;
}

/** Fault rules in the order added: the first matching rule wins and uses up one of its `times`. */
export class PixFaults {
  private rules: Rule[] = [];

  add(fault: PixFault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new Error(`fake-pix: fault times must be a positive integer, got ${fault.times}`);
    }
    this.rules.push({ fault, remaining: fault.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  take(route: PixRoute): PixFault | undefined {
    const index = this.rules.findIndex((rule) => rule.fault.paths === undefined || rule.fault.paths.includes(route));
    const rule = this.rules[index];
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.fault;
  }
}
