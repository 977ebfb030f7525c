import { WEEKDAYS } from '@tasklane/shared/domain/recurrence';
import { MONTH_NAMES } from '../tasks/due-date';
import type { EndKind, RecurrenceForm, RepeatFrequency } from './recurrence-form';
import { WEEKDAY_FULL_LABELS, WEEKDAY_LABELS } from './recurrence-summary';

const FREQUENCY_LABELS: Record<RepeatFrequency, string> = {
  none: 'Does not repeat',
  daily: 'Daily',
  weekdays: 'Every weekday (Mon–Fri)',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
};
const UNITS: Partial<Record<RepeatFrequency, string>> = { daily: 'days', weekly: 'weeks', monthly: 'months', yearly: 'years' };
const NTH_OPTIONS = [
  ['1', 'First'],
  ['2', 'Second'],
  ['3', 'Third'],
  ['4', 'Fourth'],
  ['-1', 'Last'],
] as const;

/** [ED3] Repeat: frequency, every N, the days, the end. Every control labelled; a refusal names the field. */
export function RecurrenceFields(props: { form: RecurrenceForm; onChange: (form: RecurrenceForm) => void; errors: string[] }) {
  const { form } = props;
  const set = (change: Partial<RecurrenceForm>) => props.onChange({ ...form, ...change });
  const unit = UNITS[form.frequency];
  return (
    <fieldset className="recurrence">
      <legend>Repeat</legend>
      <label htmlFor="edit-repeat">Repeats</label>
      <select id="edit-repeat" value={form.frequency} onChange={(e) => set({ frequency: e.target.value as RepeatFrequency })}>
        {(Object.keys(FREQUENCY_LABELS) as RepeatFrequency[]).map((value) => (
          <option key={value} value={value}>
            {FREQUENCY_LABELS[value]}
          </option>
        ))}
      </select>
      {unit && (
        <div className="inline-field">
          <label htmlFor="edit-interval">Every</label>
          <input
            id="edit-interval"
            type="number"
            inputMode="numeric"
            min={1}
            max={999}
            value={form.interval}
            aria-describedby="edit-interval-unit"
            onChange={(e) => set({ interval: e.target.value })}
          />
          <span id="edit-interval-unit">{unit}</span>
        </div>
      )}
      {form.frequency === 'weekly' && (
        <fieldset className="weekdays">
          <legend>On</legend>
          {WEEKDAYS.map((day) => (
            <span key={day} className="check">
              <input
                id={`edit-weekday-${day}`}
                type="checkbox"
                checked={form.weekdays.includes(day)}
                onChange={(e) => set({ weekdays: e.target.checked ? [...form.weekdays, day] : form.weekdays.filter((d) => d !== day) })}
              />
              <label htmlFor={`edit-weekday-${day}`} aria-label={WEEKDAY_FULL_LABELS[day]}>
                {WEEKDAY_LABELS[day]}
              </label>
            </span>
          ))}
        </fieldset>
      )}
      {form.frequency === 'monthly' && (
        <fieldset>
          <legend>On</legend>
          <span className="check">
            <input
              id="edit-monthly-day"
              type="radio"
              name="monthly-on"
              checked={form.monthlyOn === 'day'}
              onChange={() => set({ monthlyOn: 'day' })}
            />
            <label htmlFor="edit-monthly-day">A day of the month</label>
          </span>
          {form.monthlyOn === 'day' && (
            <>
              <label htmlFor="edit-month-day">Day of the month</label>
              <input
                id="edit-month-day"
                type="number"
                inputMode="numeric"
                min={1}
                max={31}
                value={form.monthDay}
                aria-describedby="edit-month-day-hint"
                onChange={(e) => set({ monthDay: e.target.value })}
              />
              <p className="hint" id="edit-month-day-hint">
                Past a month&apos;s end, its last day.
              </p>
            </>
          )}
          <span className="check">
            <input
              id="edit-monthly-weekday"
              type="radio"
              name="monthly-on"
              checked={form.monthlyOn === 'weekday'}
              onChange={() => set({ monthlyOn: 'weekday' })}
            />
            <label htmlFor="edit-monthly-weekday">A weekday of the month</label>
          </span>
          {form.monthlyOn === 'weekday' && (
            <div className="row">
              <div>
                <label htmlFor="edit-nth">Week of the month</label>
                <select id="edit-nth" value={form.nth} onChange={(e) => set({ nth: e.target.value })}>
                  {NTH_OPTIONS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="edit-nth-weekday">Weekday</label>
                <select
                  id="edit-nth-weekday"
                  value={form.nthWeekday}
                  onChange={(e) => set({ nthWeekday: e.target.value as typeof form.nthWeekday })}
                >
                  {WEEKDAYS.map((day) => (
                    <option key={day} value={day}>
                      {WEEKDAY_FULL_LABELS[day]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
        </fieldset>
      )}
      {form.frequency === 'yearly' && (
        <div className="row">
          <div>
            <label htmlFor="edit-year-month">Month</label>
            <select id="edit-year-month" value={form.yearMonth} onChange={(e) => set({ yearMonth: e.target.value })}>
              {MONTH_NAMES.map((name, index) => (
                <option key={name} value={String(index + 1)}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="edit-year-day">Day</label>
            <input
              id="edit-year-day"
              type="number"
              inputMode="numeric"
              min={1}
              max={31}
              value={form.yearDay}
              onChange={(e) => set({ yearDay: e.target.value })}
            />
          </div>
        </div>
      )}
      {form.frequency !== 'none' && (
        <fieldset>
          <legend>Ends</legend>
          {(['never', 'after', 'until'] as EndKind[]).map((kind) => (
            <span key={kind} className="check">
              <input
                id={`edit-end-${kind}`}
                type="radio"
                name="repeat-end"
                checked={form.end === kind}
                onChange={() => set({ end: kind })}
              />
              <label htmlFor={`edit-end-${kind}`}>
                {kind === 'never' ? 'Never' : kind === 'after' ? 'After a number of times' : 'On a date'}
              </label>
            </span>
          ))}
          {form.end === 'after' && (
            <>
              <label htmlFor="edit-end-count">Times</label>
              <input
                id="edit-end-count"
                type="number"
                inputMode="numeric"
                min={1}
                max={10000}
                value={form.count}
                onChange={(e) => set({ count: e.target.value })}
              />
            </>
          )}
          {form.end === 'until' && (
            <>
              {/* not `edit-end-until`: the "On a date" radio has that id */}
              <label htmlFor="edit-end-date">Until</label>
              <input id="edit-end-date" type="date" value={form.until} onChange={(e) => set({ until: e.target.value })} />
            </>
          )}
        </fieldset>
      )}
      {props.errors.length > 0 && (
        // the alert wraps the list: a <ul> with role="alert" is no list to assistive technology
        <div role="alert" aria-label="Repeat problems">
          <ul className="error">
            {props.errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
