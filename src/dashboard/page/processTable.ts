import type { XmlRpcValue } from '../../index.js';
import { formatUptime } from './format.js';
import { isStructValue } from './isStructValue.js';

/** The process actions the table offers, as buttons on each row. */
export type ProcessAction = 'start' | 'stop' | 'restart';

/** One process as the table shows it, read from a `supervisor.getAllProcessInfo` struct. */
interface ProcessRow {
  readonly name: string;
  readonly group: string;
  readonly statename: string;
  readonly pid: number;
  /** Seconds since it started, for a running process that says when it did. */
  readonly uptime?: number;
  readonly description: string;
}

/** Which buttons make sense in which state (supervisord refuses the others with a fault). */
const ENABLED: Readonly<Record<ProcessAction, readonly string[]>> = {
  start: ['STOPPED', 'EXITED', 'FATAL', 'BACKOFF'],
  stop: ['RUNNING', 'STARTING', 'BACKOFF'],
  restart: ['RUNNING'],
};

const COLUMNS = ['Name', 'Group', 'State', 'PID', 'Uptime', 'Description', 'Actions'];

/**
 * The process table of one supervisord: one row per process, updated in place on every round, so a
 * focused button keeps its focus while the values around it change. Buttons are labelled with
 * their process and host for screen readers, and call `act(action, 'group:name')`.
 */
export class ProcessTable {
  readonly element: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(
    caption: string,
    private readonly act: (action: ProcessAction, processName: string) => void,
  ) {
    this.element = document.createElement('table');
    this.element.className = 'processes';
    this.element.createCaption().textContent = caption;
    const head = this.element.createTHead().insertRow();
    for (const title of COLUMNS) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = title;
      head.append(cell);
    }
    this.body = this.element.createTBody();
  }

  /** Shows `processes` (the value of `supervisor.getAllProcessInfo`), in its order. */
  update(processes: XmlRpcValue): void {
    const shown = readProcesses(processes);
    const keys = new Set(shown.map((process) => `${process.group}:${process.name}`));
    for (const [key, row] of this.rows) {
      if (keys.has(key)) continue;
      row.remove();
      this.rows.delete(key);
    }
    for (const process of shown) {
      const key = `${process.group}:${process.name}`;
      const row = this.rows.get(key) ?? this.addRow(key, process.name);
      this.body.append(row); // keeps the server's order; moving a row keeps its focus
      fillRow(row, process);
    }
  }

  private addRow(key: string, name: string): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.process = key;
    const nameCell = document.createElement('th');
    nameCell.scope = 'row';
    row.append(nameCell);
    for (let i = 1; i < COLUMNS.length; i++) row.insertCell();
    const actions = row.cells[COLUMNS.length - 1]!;
    for (const action of ['start', 'stop', 'restart'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = action;
      button.dataset.action = action;
      button.setAttribute('aria-label', `${action} ${name}`);
      button.addEventListener('click', () => this.act(action, key));
      actions.append(button);
    }
    this.rows.set(key, row);
    return row;
  }
}

function fillRow(row: HTMLTableRowElement, process: ProcessRow): void {
  const [name, group, state, pid, uptime, description, actions] = row.cells;
  setText(name!, process.name);
  setText(group!, process.group);
  setText(state!, process.statename);
  state!.className = `state state-${process.statename.toLowerCase()}`;
  setText(pid!, process.pid === 0 ? '' : String(process.pid));
  setText(uptime!, process.uptime === undefined ? '' : formatUptime(process.uptime));
  setText(description!, process.description);
  for (const button of actions!.querySelectorAll('button')) {
    const action = button.dataset.action as ProcessAction;
    button.disabled = !ENABLED[action].includes(process.statename);
  }
}

/** Sets a cell's text only when it changed, so screen readers and selections are not disturbed. */
function setText(cell: HTMLTableCellElement, text: string): void {
  if (cell.textContent !== text) cell.textContent = text;
}

/** The structs of a process list, with what a member of the wrong type would break left blank. */
function readProcesses(value: XmlRpcValue): ProcessRow[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isStructValue).map((info) => {
    const text = (member: XmlRpcValue | undefined) => (typeof member === 'string' ? member : '');
    const number = (member: XmlRpcValue | undefined) => (typeof member === 'number' ? member : 0);
    const statename = text(info.statename) || 'UNKNOWN';
    const start = number(info.start);
    const running = statename === 'RUNNING' && start > 0 && typeof info.now === 'number';
    return {
      name: text(info.name),
      group: text(info.group),
      statename,
      pid: number(info.pid),
      uptime: running ? Math.max(0, number(info.now) - start) : undefined,
      description: text(info.description),
    };
  });
}
