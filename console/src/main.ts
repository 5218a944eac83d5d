import { apiKey } from './api';
import { renderJobList } from './jobList';
import { renderJobPage } from './jobPage';
import { renderNewJob } from './newJob';
import { renderTokens } from './tokens';
import { announce, nextView, showError } from './ui';

/*
 * The Leadflow web console: one page, four views chosen by the URL's fragment (#/jobs, #/jobs/<id>, #/new,
 * #/tokens). Plain DOM; the page holds no data of its own: everything it shows comes from the job API with the
 * key the user entered, except the preview of the user's own file, which is read here and never stored.
 */

const main = document.getElementById('main') as HTMLElement;

const ROUTES: [RegExp, (main: HTMLElement, view: number, match: RegExpMatchArray) => void | Promise<void>][] = [
  [/^#\/new$/, (m, v) => renderNewJob(m, v)],
  [/^#\/jobs\/([0-9a-f-]{36})$/, (m, v, match) => renderJobPage(m, v, match[1]!)],
  [/^#\/tokens$/, (m) => renderTokens(m)],
  [/^(#\/jobs)?$/, (m, v) => renderJobList(m, v)],
];

function route(): void {
  const hash = location.hash === '#/' ? '' : location.hash;
  const found = ROUTES.map(([pattern, render]) => [hash.match(pattern), render] as const).find(([match]) => match !== null);
  // In-page anchors (the skip link) are not views.
  if (!found) return;
  const view = nextView();
  showError(undefined);
  main.replaceChildren();
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const current = link.getAttribute('href') === (hash === '' ? '#/jobs' : hash);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  void found[1](main, view, found[0]!);
}

function keyForm(): void {
  const form = document.getElementById('key-form') as HTMLFormElement;
  const input = document.getElementById('api-key') as HTMLInputElement;
  const forget = document.getElementById('forget-key') as HTMLButtonElement;
  const state = document.getElementById('key-state') as HTMLElement;
  const refresh = () => {
    const set = apiKey.get() !== undefined;
    state.textContent = set ? 'A key is set for this browser session.' : 'No key set: enter the API key to use the console.';
    forget.disabled = !set;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value === '') return;
    apiKey.set(value);
    input.value = '';
    refresh();
    announce('API key set for this browser session.');
    route();
  });
  forget.addEventListener('click', () => {
    apiKey.clear();
    refresh();
    announce('API key forgotten.');
  });
  refresh();
}

keyForm();
window.addEventListener('hashchange', route);
route();
