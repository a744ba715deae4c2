import { InvalidArgumentError } from 'commander';

/** Report formats of `faultline report --format`. */
export const REPORT_FORMATS = ['html', 'md', 'svg', 'png'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Parses a comma-separated format list (`html,md,png`) for commander.
 * @throws InvalidArgumentError naming the unknown format and the allowed ones.
 */
export function parseFormatList<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}`);
    for (const f of items) if (!allowed.includes(f as T)) throw new InvalidArgumentError(`unknown format "${f}": expected ${allowed.join(', ')}`);
    return [...new Set(items)] as T[];
  };
}

/** Starter templates of `faultline init` (their texts: src/cli/init-templates.ts, loaded only by init). */
export const INIT_TEMPLATE_NAMES = ['basic', 'requests', 'data'] as const;
