import type { CallState } from '../../index.js';
import { clockTime, describeError, formatValue } from './format.js';
import { isStructValue } from './isStructValue.js';
import { type ProcessAction, ProcessTable } from './processTable.js';
import { type HostState, type LabelledCall, shownValue } from './watchHost.js';

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
    if (state.calls === undefined) return;
    const rest: CallState<LabelledCall>[] = [];
    for (const call of state.calls) {
      const { methodName } = call.outcome.call;
      const value = shownValue(call);
      if (this.processes && methodName === 'supervisor.getAllProcessInfo' && value !== undefined) {
        this.processes.update(value);
      } else if (methodName !== 'supervisor.getState' || value === undefined) {
        rest.push(call);
      }
    }
    this.showValues(rest);
  }

  /** Says how a button's call went, in the live region. */
  say(text: string, failed: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('failed', failed);
  }

  private showValues(calls: readonly CallState<LabelledCall>[]): void {
    this.values.hidden = calls.length === 0;
    const body = this.values.tBodies[0] ?? this.values.createTBody();
    const rows = calls.map((call) => {
      const { outcome } = call;
      const row = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = outcome.call.label;
      const value = document.createElement('td');
      value.textContent = cellText(call);
      value.classList.toggle('failed', shownValue(call) === undefined);
      row.append(name, value);
      return row;
    });
    body.replaceChildren(...rows);
  }
}

/** A watched call's value (its last good one while the host is stale), or why it has none. */
function cellText(call: CallState<LabelledCall>): string {
  const { outcome } = call;
  if (outcome.ok) return formatValue(outcome.value);
  const last = shownValue(call);
  return last === undefined ? describeError(outcome.error) : formatValue(last);
}

function statusLine(state: HostState, latencyMs: number | undefined): string {
  const supervisor = state.calls?.find(({ outcome }) => outcome.call.methodName === 'supervisor.getState');
  const supervisorState = supervisor && shownValue(supervisor);
  const parts: string[] = [];
  if (supervisorState !== undefined && isStructValue(supervisorState)) {
    parts.push(`supervisord ${String(supervisorState.statename ?? '?')}`);
  }
  if (state.updatedAt !== undefined) parts.push(`updated ${clockTime(state.updatedAt)}`);
  if (latencyMs !== undefined) parts.push(`latency ${Math.round(latencyMs)} ms`);
  parts.push(`round ${state.rounds}`);
  if (state.staleSince !== undefined) {
    parts.push(`stale since ${clockTime(state.staleSince)} — ${state.staleReason ?? 'no answer'}`);
  }
  return parts.join(' · ');
}
