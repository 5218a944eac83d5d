import type { TokenStatusList } from './types';
import { call, describeError } from './api';
import { h, table } from './dom';
import { announce, showError } from './ui';

/** Token ages and rotation dates, as `leadflow secrets status` prints them: read-only, metadata only. */
export async function renderTokens(main: HTMLElement): Promise<void> {
  main.append(h('h2', {}, 'Vendor tokens'));
  try {
    const { body } = await call<TokenStatusList>('/tokens');
    main.append(
      table(
        'Age and rotation date of each vendor credential (no value is ever read)',
        ['Vendor', 'Last changed', 'Age (days)', 'Rotate by', 'Reminders sent'],
        body.tokens.map((t) =>
          t.configured
            ? [
                t.vendor,
                t.lastChanged?.slice(0, 10),
                t.ageDays,
                h('span', { class: t.overdue ? 'bad' : '' }, `${t.rotateBy?.slice(0, 10)}${t.overdue ? ' (overdue)' : ''}`),
                t.remindersSent.length > 0 ? t.remindersSent.map((day) => `day ${day}`).join(', ') : 'none',
              ]
            : [t.vendor, t.error ?? 'not configured', '', '', ''],
        ),
        { id: 'tokens' },
      ),
    );
    announce('Token status loaded.');
  } catch (error) {
    showError(describeError(error));
  }
}
