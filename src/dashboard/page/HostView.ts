import type { CallOutcome } from '../../index.js';
import { clockTime, describeError, formatValue } from './format.js';
import { type ProcessAction, ProcessTable } from './processTable.js';
import type { HostState, LabelledCall } from './watchHost.js';

/**
 * The section of the page for one host: a heading, a status line (last update, latency, or "stale
 * since HH:MM:SS — reason"), the process table of a supervisord, a table of the watched values, and
 * a live region for the outcome of a button. While the host is stale, the last answered values stay,
 * greyed.
 */
export class HostView {
  readonly element: HTMLElement;
  private readonly status: HTMLParagraphElement;
  private readonly message: HTMLParagraphElement;
  private processes: ProcessTable | undefined;
  private readonly values: HTMLTableElement;

  constructor(
    private readonly label: string,
    private readonly act: (action: ProcessAction, processName: string) => void,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'host';
    this.element.setAttribute('aria-label', label);
    const heading = document.createElement('h2');
    heading.textContent = label;
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.textContent = 'connecting…';
    this.message = document.createElement('p');
    this.message.className = 'message';
    this.message.setAttribute('role', 'status');
    this.values = document.createElement('table');
    this.values.className = 'values';
    this.values.createCaption().textContent = `Watched calls on ${label}`;
    this.values.hidden = true;
    this.element.append(heading, this.status, this.message, this.values);
  }

  /** Shows the host's state after a round; `latencyMs` is its last request's round trip. */
  update(state: HostState, latencyMs: number | undefined): void {
    const stale = state.staleSince !== undefined;
    this.element.classList.toggle('stale', stale);
    this.status.textContent = statusLine(state, latencyMs);
    this.status.title = stale ? (state.staleDetail ?? '') : '';
    if (state.kind === 'supervisor' && this.processes === undefined) {
      this.processes = new ProcessTable(`Processes on ${this.label}`, this.act);
      this.values.before(this.processes.element);
    }
    if (state.outcomes === undefined) return;
    const rest: CallOutcome<LabelledCall>[] = [];
    for (const outcome of state.outcomes) {
      if (this.processes && outcome.call.methodName === 'supervisor.getAllProcessInfo' && outcome.ok) {
        this.processes.update(outcome.value);
      } else if (outcome.call.methodName !== 'supervisor.getState' || !outcome.ok) {
        rest.push(outcome);
      }
    }
    this.showValues(rest);
  }

  /** Says how a button's call went, in the live region. */
  say(text: string, failed: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('failed', failed);
  }

  private showValues(outcomes: readonly CallOutcome<LabelledCall>[]): void {
    this.values.hidden = outcomes.length === 0;
    const body = this.values.tBodies[0] ?? this.values.createTBody();
    const rows = outcomes.map((outcome) => {
      const row = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = outcome.call.label;
      const value = document.createElement('td');
      value.textContent = outcome.ok ? formatValue(outcome.value) : describeError(outcome.error);
      value.classList.toggle('failed', !outcome.ok);
      row.append(name, value);
      return row;
    });
    body.replaceChildren(...rows);
  }
}

function statusLine(state: HostState, latencyMs: number | undefined): string {
  const supervisor = state.outcomes?.find((outcome) => outcome.call.methodName === 'supervisor.getState');
  const parts: string[] = [];
  if (supervisor?.ok && typeof supervisor.value === 'object' && supervisor.value !== null) {
    parts.push(`supervisord ${String((supervisor.value as { statename?: unknown }).statename ?? '?')}`);
  }
  if (state.updatedAt !== undefined) parts.push(`updated ${clockTime(state.updatedAt)}`);
  if (latencyMs !== undefined) parts.push(`latency ${Math.round(latencyMs)} ms`);
  parts.push(`round ${state.rounds}`);
  if (state.staleSince !== undefined) {
    parts.push(`stale since ${clockTime(state.staleSince)} — ${state.staleReason ?? 'no answer'}`);
  }
  return parts.join(' · ');
}
