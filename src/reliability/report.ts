/**
 * Report sections of the reliability area: planned vs unplanned down time, latent failures, common-cause
 * events, planned work, phases, replaceable units and the closed-form table, as plain-text tables rendered
 * by every report format (terminal, Markdown, HTML).
 */
import type { ReportTable } from '../area.js';
import { tablesMarkdown, tablesTerminal } from '../report/area-tables.js';
import { formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate } from '../report/format.js';
import type { ReliabilityResults } from './results.js';

function downtimeTable(r: ReliabilityResults): ReportTable {
  return {
    title: 'Planned and unplanned down time',
    headers: ['down time per year', 'simulated (95% CI)'],
    rows: [
      ['planned (maintenance, tests, upgrades, preventive replacement)', formatDurationEstimate(r.downtime.plannedPerYear)],
      ['unplanned (failures, faults)', formatDurationEstimate(r.downtime.unplannedPerYear)],
    ],
    notes: ['Planned: the system is down while planned work goes on and would be up without it (docs/reliability.md).'],
  };
}

function closedFormTable(r: ReliabilityResults): ReportTable | null {
  if (!r.closedForms.length) return null;
  return {
    title: 'Reliability: simulation vs closed form',
    headers: ['metric', 'simulated (95% CI)', 'exact', 'approximation', 'source'],
    rows: r.closedForms.map((c) => [
      c.metric,
      formatPercentEstimate(c.measured),
      c.exact === null ? '-' : formatPercent(c.exact, 6),
      c.approximation === null ? '-' : formatPercent(c.approximation, 6),
      c.source,
    ]),
    notes: r.closedForms.filter((c) => c.exact === null && c.violations.length).map((c) => `${c.metric}: exact form not applicable (${c.violations.join('; ')})`),
  };
}

function latentTable(r: ReliabilityResults): ReportTable | null {
  if (!r.latent.length) return null;
  return {
    title: 'Latent failures and proof tests',
    headers: ['component', 'hidden failures/y', 'detected at once/y', 'revealed by tests/y', 'revealed by overhaul/y', 'mean time hidden', 'tests/y'],
    rows: r.latent.map((l) => [
      l.component, formatNumberEstimate(l.hiddenPerYear), formatNumberEstimate(l.detectedAtOncePerYear), formatNumberEstimate(l.revealedByTestPerYear),
      formatNumberEstimate(l.revealedByOverhaulPerYear), formatDurationEstimate(l.meanHiddenTime), formatNumberEstimate(l.testsPerYear),
    ]),
    notes: [],
  };
}

function ccfTable(r: ReliabilityResults): ReportTable | null {
  if (!r.commonCause.length) return null;
  return {
    title: 'Common-cause failures',
    headers: ['group', 'units', 'model', 'failing k units', 'events/y simulated', 'events/y analytic'],
    rows: r.commonCause.flatMap((g) => g.eventsPerYear.map((e) => [
      g.name, String(g.units), g.gamma === 1 && g.delta === 1 ? `beta-factor (beta ${g.beta})` : `MGL (beta ${g.beta}, gamma ${g.gamma}, delta ${g.delta})`,
      String(e.k), formatNumberEstimate(e.measured), e.analytic.toPrecision(3),
    ])),
    notes: [],
  };
}

function workTable(r: ReliabilityResults): ReportTable | null {
  const rows: string[][] = [
    ...r.windows.map((w) => [`window ${w.name}`, `${formatNumberEstimate(w.occurrencesPerYear)} occurrences/y`]),
    ...r.upgrades.map((u) => [
      `rolling upgrade ${u.name}`,
      `${formatNumberEstimate(u.roundsPerYear)} rounds/y; failed upgrades ${formatPercentEstimate(u.failedUpgradeFraction)}; stopped rounds/y ${formatNumberEstimate(u.stoppedRoundsPerYear)}; skipped rounds/y ${formatNumberEstimate(u.skippedRoundsPerYear)}`,
    ]),
    ...r.ageReplacement.map((a) => [`age replacement ${a.component}`, `${formatNumberEstimate(a.replacementsPerYear)} replacements/y`]),
    ...r.replaceableUnits.map((u) => [`replaceable unit ${u.name} (${u.units} units)`, `${formatNumberEstimate(u.replacementsPerYear)} replacements/y`]),
    ...r.phases.map((p) => [`phase ${p.name}`, `time share ${formatPercentEstimate(p.timeShare)}; failures per year in phase ${formatNumberEstimate(p.failuresPerYearInPhase)}`]),
  ];
  return rows.length ? { title: 'Planned work, phases and replaceable units', headers: ['what', 'simulated (95% CI)'], rows, notes: [] } : null;
}

/** Every table of the section, in order. */
export function reliabilityTables(r: ReliabilityResults): ReportTable[] {
  return [downtimeTable(r), closedFormTable(r), latentTable(r), ccfTable(r), workTable(r)].filter((t): t is ReportTable => t !== null);
}

/** Markdown lines of the section (every cell escaped). */
export function renderReliabilityMarkdown(r: ReliabilityResults): string[] {
  return tablesMarkdown('Reliability engineering', reliabilityTables(r));
}

/** Terminal lines of the section. */
export function renderReliabilityTerminal(r: ReliabilityResults): string[] {
  return tablesTerminal(reliabilityTables(r));
}
